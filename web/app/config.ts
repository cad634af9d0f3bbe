/** What the server tells the page when it serves it (a JSON script in index.html). */
export interface PageConfig {
  /** The largest request body the server accepts, in bytes (MAX_BODY_BYTES). */
  readonly maxBodyBytes: number;
  /** Whether requests need an x-api-key (API_KEYS is set). */
  readonly apiKeyRequired: boolean;
}

export function pageConfig(): PageConfig {
  const element = document.getElementById('page-config');
  const parsed = element?.textContent ? (JSON.parse(element.textContent) as Partial<PageConfig>) : {};
  return { maxBodyBytes: parsed.maxBodyBytes ?? 6_000_000, apiKeyRequired: parsed.apiKeyRequired ?? false };
}
