/** What the catalog holds right now, so an empty answer can say why. */
export interface CatalogStatus {
  /**
   * LOADING: the first crawl is filling it. READY: it answers. EMPTY: nothing has filled it yet.
   * UNAVAILABLE: the static tier cannot be read (e.g. Redis is down): answers may be incomplete
   * and nothing keeps the catalog fresh until it is back.
   */
  state: 'LOADING' | 'READY' | 'EMPTY' | 'UNAVAILABLE';
  productCount: number;
  message: string | null;
}
