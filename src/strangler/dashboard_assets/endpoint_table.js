// The endpoint table: one row per endpoint, updated in place on every refresh, with the controls
// that change its mode (PUT) or return it to the file's (DELETE), always with a reason.

import { ApiError, api, endpointPath } from "./api.js";
import { NONE, describeMode, element, percent, showMessage, utc } from "./display.js";

const MODES = ["flask", "fastapi", "shadow", "canary"];
const TEXT_CELLS = ["implemented", "mode", "source", "share", "errors", "shadow"];

function lastChange(cell, last) {
  if (!last) {
    cell.replaceChildren(NONE);
    return;
  }
  const who = element("span", `${utc(last.at)} by ${last.by} (${last.source})`);
  cell.replaceChildren(who, element("span", last.reason || NONE, "reason"));
}

function shadowMatch(shadow) {
  if (shadow?.match_rate == null) return NONE;
  return `${percent(shadow.match_rate)} of ${(shadow.match ?? 0) + (shadow.mismatch ?? 0)}`;
}

export class EndpointTable {
  // `onChanged` runs after a change the API accepted, to show its effect.
  constructor(body, onChanged) {
    this.body = body;
    this.onChanged = onChanged;
    this.rows = new Map();
    this.wanted = "";
  }

  render(endpoints) {
    const seen = new Set();
    for (const endpoint of endpoints) {
      let row = this.rows.get(endpoint.key);
      if (!row) {
        row = this.newRow(endpoint.key);
        this.rows.set(endpoint.key, row);
      }
      this.update(row, endpoint);
      this.body.append(row.tr); // appending an attached row moves it: the API's order wins
      seen.add(endpoint.key);
    }
    for (const [key, row] of this.rows) {
      if (!seen.has(key)) {
        row.tr.remove();
        this.rows.delete(key);
      }
    }
    this.filter(this.wanted);
  }

  filter(text) {
    this.wanted = text.trim().toLowerCase();
    for (const row of this.rows.values()) {
      row.tr.hidden = !row.key.toLowerCase().includes(this.wanted);
    }
  }

  clear() {
    this.rows.clear();
    this.body.replaceChildren();
  }

  newRow(key) {
    const row = { key, dirty: false, tr: element("tr"), cells: {} };
    row.tr.dataset.key = key;
    const heading = row.tr.appendChild(element("th"));
    heading.scope = "row";
    heading.append(element("code", key));
    for (const name of TEXT_CELLS) row.cells[name] = row.tr.appendChild(element("td", "", name));
    row.cells.fallbacks = row.tr.appendChild(element("td", "", "number fallbacks"));
    row.cells.last = row.tr.appendChild(element("td", "", "last-change"));
    row.tr.appendChild(element("td")).append(this.controls(row));
    return row;
  }

  controls(row) {
    const form = element("form", undefined, "change");
    row.mode = element("select");
    row.mode.setAttribute("aria-label", `Mode of ${row.key}`);
    for (const mode of MODES) row.mode.append(new Option(mode, mode));
    row.percent = element("input");
    Object.assign(row.percent, { type: "number", min: 0, max: 100, step: 1, hidden: true });
    row.percent.setAttribute("aria-label", `Canary percentage of ${row.key}`);
    row.reason = element("input");
    Object.assign(row.reason, { type: "text", required: true, placeholder: "reason" });
    row.reason.setAttribute("aria-label", `Reason for changing ${row.key}`);
    const apply = element("button", "Apply");
    apply.type = "submit";
    row.reset = element("button", "Reset to file");
    row.reset.type = "button";
    row.message = element("span", "", "message");
    const inputs = element("span", undefined, "controls");
    inputs.append(row.mode, row.percent, row.reason, apply, row.reset);
    form.append(inputs, row.message);
    row.mode.addEventListener("change", () => {
      row.percent.hidden = row.mode.value !== "canary";
    });
    // Once the operator touches a row, refreshes stop overwriting what they are typing.
    form.addEventListener("input", () => {
      row.dirty = true;
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.change(row, "PUT");
    });
    row.reset.addEventListener("click", () => this.change(row, "DELETE"));
    return form;
  }

  update(row, endpoint) {
    const { cells } = row;
    const traffic = endpoint.traffic ?? {};
    cells.implemented.textContent = endpoint.implemented_in.join(", ");
    cells.mode.textContent = describeMode(endpoint.mode, endpoint.percent, endpoint.group, row.key);
    cells.mode.className = `mode mode-${endpoint.mode}`;
    cells.source.textContent = endpoint.source;
    cells.source.className = `source source-${endpoint.source}`;
    cells.share.textContent = percent(traffic.fastapi_share);
    cells.errors.textContent = percent(traffic.error_rate);
    cells.shadow.textContent = shadowMatch(endpoint.shadow);
    cells.fallbacks.textContent = String(endpoint.fallbacks ?? 0);
    lastChange(cells.last, endpoint.last_change);
    row.reset.disabled = endpoint.source !== "override";
    if (!row.dirty) {
      row.mode.value = endpoint.mode;
      row.percent.value = endpoint.percent ?? "";
      row.percent.hidden = endpoint.mode !== "canary";
    }
  }

  async change(row, method) {
    const reason = row.reason.value.trim();
    if (!reason) {
      showMessage(row.message, "Give a reason: it goes to the audit trail.", true);
      return;
    }
    try {
      let answer;
      if (method === "DELETE") {
        const query = `?reason=${encodeURIComponent(reason)}`;
        answer = await api("DELETE", endpointPath(row.key) + query);
      } else {
        const body = { mode: row.mode.value, reason };
        // An empty percentage goes as null, for the API to refuse rather than read as 0 %.
        const wanted = row.percent.value;
        if (body.mode === "canary") body.percent = wanted === "" ? null : Number(wanted);
        answer = await api("PUT", endpointPath(row.key), body);
      }
      const now = answer.endpoint;
      row.dirty = false;
      row.reason.value = "";
      showMessage(row.message, `Done: ${describeMode(now.mode, now.percent, now.group, row.key)}.`);
      await this.onChanged();
    } catch (error) {
      if (!(error instanceof ApiError && error.denied)) showMessage(row.message, error.message, true);
    }
  }
}
