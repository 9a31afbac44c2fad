import type { Viewer } from '../domain/user.js';
import { viewerFromHeaders } from './identity.js';
import type { LoadedUserContext, UserContextService } from './user-context-service.js';

interface PerRequest {
  viewer: Viewer | null | Error;
  context?: Promise<LoadedUserContext | null>;
}

/**
 * Who each request is and their context, worked out once per request: the response cache
 * keys by them before the GraphQL context exists, and the context's loader reuses what it read
 * (one user-tier round trip per signed-in request, none for an anonymous one).
 */
export class RequestUsers {
  private readonly byRequest = new WeakMap<Request, PerRequest>();

  constructor(
    private readonly secret: string | undefined,
    private readonly users: UserContextService,
  ) {}

  private entry(request: Request): PerRequest {
    let entry = this.byRequest.get(request);
    if (!entry) {
      let viewer: PerRequest['viewer'];
      try {
        viewer = viewerFromHeaders(request.headers, this.secret);
      } catch (err) {
        viewer = err instanceof Error ? err : new Error(String(err));
      }
      entry = { viewer };
      this.byRequest.set(request, entry);
    }
    return entry;
  }

  /** The request's viewer; throws the UNAUTHENTICATED error (401) for a header that cannot be trusted. */
  viewer(request: Request): Viewer | null {
    const { viewer } = this.entry(request);
    if (viewer instanceof Error) throw viewer;
    return viewer;
  }

  /** Whether the request's user header (if any) is one this server accepts. */
  trusted(request: Request): boolean {
    return !(this.entry(request).viewer instanceof Error);
  }

  /** The viewer's context, loaded at most once per request; null when anonymous (or the header is refused). */
  context(request: Request): Promise<LoadedUserContext | null> {
    const entry = this.entry(request);
    const { viewer } = entry;
    if (!viewer || viewer instanceof Error) return Promise.resolve(null);
    entry.context ??= this.users.load(viewer);
    return entry.context;
  }
}
