// The panels around the table: migration at a glance, shadow mismatch samples, recent changes.

import { NONE, byId, count, describeMode, element, percent, utc } from "./display.js";

const SHOWN_MISMATCHES = 20;
const SHOWN_CHANGES = 25;

export function renderGlance(endpoints) {
  const total = endpoints.length;
  const implemented = endpoints.filter((e) => e.implemented_in.includes("fastapi")).length;
  // A canary endpoint sends its percentage of callers to FastAPI: count that share of it.
  const served = endpoints.reduce((sum, e) => {
    if (e.mode === "fastapi") return sum + 1;
    if (e.mode === "canary") return sum + (e.percent ?? 0) / 100;
    return sum;
  }, 0);
  const share = (part) => (total ? part / total : 0);
  byId("implemented-bar").value = share(implemented);
  byId("served-bar").value = share(served);
  byId("implemented-text").textContent =
    `${implemented} of ${total} legacy endpoints (${percent(share(implemented))})`;
  byId("served-text").textContent =
    `${count(served)} of ${total} endpoints (${percent(share(served))}); ` +
    "a canary counts by its percentage";
}

function mismatchItem(sample) {
  const item = element("li");
  const request = `${sample.method} ${sample.path}${sample.query ? `?${sample.query}` : ""}`;
  const statuses = `flask ${sample.flask.status}, fastapi ${sample.fastapi.status}`;
  item.append(element("code", request), element("span", ` \u2014 ${statuses}`));
  const differences = element("ul");
  for (const difference of sample.diff) {
    const where = difference.path || "(body)";
    differences.append(
      element("li", `${where}: flask ${difference.flask} \u2192 fastapi ${difference.fastapi}`),
    );
  }
  const bodies = element("details");
  bodies.append(
    element("summary", "Both bodies"),
    element("pre", `flask:   ${sample.flask.body}\nfastapi: ${sample.fastapi.body}`),
  );
  item.append(differences, bodies);
  return item;
}

export function renderMismatches(samples) {
  const shown = samples.slice(-SHOWN_MISMATCHES).reverse();
  byId("mismatches-empty").hidden = shown.length > 0;
  byId("mismatches").replaceChildren(...shown.map(mismatchItem));
}

export function renderHistory(changes) {
  const rows = changes.slice(0, SHOWN_CHANGES).map((change) => {
    const tr = element("tr");
    const cells = [
      utc(change.at),
      change.key,
      change.by,
      change.source,
      describeMode(change.from.mode, change.from.percent, change.from.group, change.key),
      describeMode(change.to.mode, change.to.percent, change.to.group, change.key),
      change.reason || NONE,
    ];
    for (const text of cells) tr.append(element("td", text));
    return tr;
  });
  document.querySelector("#history tbody").replaceChildren(...rows);
}
