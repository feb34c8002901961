// The dashboard's calls to the gateway's admin API and to the service's login, with the token
// kept in sessionStorage (gone when the tab closes).

const API = "/_gateway/api";
const TOKEN_KEY = "cutover-dashboard-token";
export const DENIED_EVENT = "dashboard:denied";

export class ApiError extends Error {
  constructor(status, message, denied = false) {
    super(message);
    this.status = status;
    this.denied = denied;
  }
}

export function hasToken() {
  return sessionStorage.getItem(TOKEN_KEY) !== null;
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    const message = body.error ?? body.message ?? body.msg ?? body.detail;
    if (message !== undefined) return typeof message === "string" ? message : JSON.stringify(message);
  } catch {
    // Not JSON: the status line says enough.
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}

// Sign in through the service's login; keep the token and return nothing, or throw ApiError.
export async function logIn(loginPath, tokenField, username, password) {
  const response = await fetch(loginPath, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
  const token = (await response.json())[tokenField];
  if (typeof token !== "string") {
    throw new ApiError(response.status, `The login answer has no "${tokenField}".`);
  }
  sessionStorage.setItem(TOKEN_KEY, token);
}

// Call the admin API; a 401 or 403 also announces DENIED_EVENT so the page returns to the login.
export async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` };
  // The admin API audits changes under the source the client names; this page is the dashboard.
  if (method !== "GET") headers["X-Cutover-Source"] = "dashboard";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
  });
  if (response.status === 401 || response.status === 403) {
    const message = await errorMessage(response);
    document.dispatchEvent(new CustomEvent(DENIED_EVENT, { detail: message }));
    throw new ApiError(response.status, message, true);
  }
  if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
  return response.json();
}

export function endpointPath(key) {
  // Keys hold spaces, "/", "<" and ">": one path segment, fully encoded.
  return `/endpoints/${encodeURIComponent(key)}`;
}
