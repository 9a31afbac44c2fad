/** What the catalog holds right now, so an empty answer can say why. */
export interface CatalogStatus {
  state: 'LOADING' | 'READY' | 'EMPTY';
  productCount: number;
  message: string | null;
}
