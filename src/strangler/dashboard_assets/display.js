// How the dashboard shows values: DOM nodes holding text (never markup), ratios, times, modes.

export const NONE = "\u2014";

// Create an element whose text is set through textContent, so data is never parsed as HTML.
export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

// A ratio as a percentage with at most one decimal, or a dash when there is none yet.
export function percent(ratio) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return NONE;
  return `${(ratio * 100).toFixed(1).replace(/\.0$/, "")} %`;
}

// The admin API's naive UTC ISO timestamps, to the second.
export function utc(at) {
  return at ? at.replace("T", " ").slice(0, 19) : NONE;
}

// "fastapi", or "canary 10 %" with its group when it is not the endpoint's own.
export function describeMode(mode, percentValue, group, key) {
  let text = mode;
  if (mode === "canary") text += ` ${percentValue ?? 0} %`;
  if (mode === "canary" && group && group !== key) text += ` (group ${group})`;
  return text;
}

export function showMessage(node, message, isError = false) {
  node.textContent = message;
  node.classList.toggle("error", isError);
}

// The count of a share that may be fractional (canary endpoints), to two decimals at most.
export function count(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
