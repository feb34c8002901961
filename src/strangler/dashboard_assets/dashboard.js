// The cutover dashboard's entry point: the login form, the session, and the refresh loop that
// reads the admin API every few seconds while someone is signed in.

import { DENIED_EVENT, api, forgetToken, hasToken, logIn } from "./api.js";
import { byId, showMessage } from "./display.js";
import { EndpointTable } from "./endpoint_table.js";
import { renderGlance, renderHistory, renderMismatches } from "./overview.js";

const REFRESH_MS = 5000;
const { loginPath, tokenField } = document.documentElement.dataset;

let timer = null;
let loading = null;
// Its callback is hoisted: a change is shown by the same refresh as the timer's.
const table = new EndpointTable(document.querySelector("#endpoints tbody"), refreshAfterChange);

async function load() {
  const [endpoints, mismatches, history] = await Promise.all([
    api("GET", "/endpoints"),
    api("GET", "/shadow/mismatches"),
    api("GET", "/history"),
  ]);
  renderGlance(endpoints);
  table.render(endpoints);
  renderMismatches(mismatches);
  renderHistory(history);
  byId("refreshed").textContent = `Updated ${new Date().toLocaleTimeString()}.`;
  showMessage(byId("status"), "");
}

function refresh() {
  // One load at a time, so an older answer never overwrites a newer one.
  if (!loading) {
    loading = load()
      .catch((error) => {
        if (!error.denied) showMessage(byId("status"), `Could not refresh: ${error.message}`, true);
      })
      .finally(() => {
        loading = null;
      });
  }
  return loading;
}

async function refreshAfterChange() {
  // A load already under way may have read the state before the change: read it again.
  if (loading) await loading;
  await refresh();
}

function showDashboard() {
  byId("login-section").hidden = true;
  byId("dashboard").hidden = false;
  byId("session").hidden = false;
  byId("login-message").textContent = "";
  refresh();
  clearInterval(timer);
  timer = setInterval(refresh, REFRESH_MS);
}

function showLogin(message) {
  forgetToken();
  clearInterval(timer);
  timer = null;
  table.clear();
  byId("dashboard").hidden = true;
  byId("session").hidden = true;
  byId("login-section").hidden = false;
  byId("login-message").textContent = message;
}

async function submitLogin(event) {
  event.preventDefault();
  const form = event.currentTarget;
  byId("login-message").textContent = "";
  try {
    await logIn(loginPath, tokenField, form.username.value, form.password.value);
    form.password.value = "";
    showDashboard();
  } catch (error) {
    byId("login-message").textContent = error.message;
  }
}

byId("login-form").addEventListener("submit", submitLogin);
byId("logout").addEventListener("click", () => showLogin("Signed out."));
byId("filter").addEventListener("input", (event) => table.filter(event.currentTarget.value));
document.addEventListener(DENIED_EVENT, (event) => showLogin(event.detail));
if (hasToken()) showDashboard();
