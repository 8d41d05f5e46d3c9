// The live training chart in the browser (see nnadd/ui/live_chart.py).
//
// The server sends either a whole figure ("full") or only the points trained since
// its last message ("extend"). This function is called with each message, on the
// same element, so the chart is drawn once and then grows: it never remounts.
//
// Messages can be lost on the way: Streamlit replaces a queued message for this
// element with a newer one when a browser falls behind. So every message names the
// lines it belongs to ("basis": one script run's), and an extend adds only points
// newer than the chart's last: a lost extend leaves a straight line over its few
// epochs; an extend of lines the chart does not have (the run's first whole figure
// was lost) waits for the next whole figure, which comes every few seconds.
//
// Plotly is the copy Streamlit's own charts use: its chunk sets window.Plotly, and
// is already in the browser's cache when the page has drawn any other chart.

const charts = new WeakMap();

async function plotly(chunk) {
  if (window.Plotly) return window.Plotly;
  const entry = document.querySelector("script[type=module][src*='static/js/']");
  const base = entry ? entry.src : document.baseURI;
  await import(new URL(chunk, base).href);
  return window.Plotly;
}

// Streamlit's theme, read from the page: its text colour, font and background, and
// the look Streamlit gives its own Plotly charts (grid on the y axes only, smaller
// axis titles set a little apart), under the figure's own settings.
function under(defaults, own) {
  if (!own || typeof own !== "object" || Array.isArray(own)) return own ?? defaults;
  const base = defaults && typeof defaults === "object" ? defaults : {};
  const out = { ...base };
  for (const [k, v] of Object.entries(own)) out[k] = under(base[k], v);
  return out;
}

function themed(layout, host) {
  const page = getComputedStyle(host);
  const app = document.querySelector("[data-testid='stApp']");
  const paper = app ? getComputedStyle(app).backgroundColor : undefined;
  const ink = page.color || "#31333f";
  const faint = ink.replace(/^rgb\((.*)\)$/, "rgba($1, 0.12)");
  const font = { color: ink, family: page.fontFamily };
  const out = under({ font, legend: { font }, hoverlabel: { bgcolor: paper, font } }, layout);
  const title = (standoff) => ({ font: { ...font, size: 14 }, standoff });
  for (const name of Object.keys(out)) {
    if (/^yaxis\d*$/.test(name)) {
      out[name] = under({ gridcolor: faint, zerolinecolor: faint, tickcolor: faint,
                          automargin: true, title: title(16) }, out[name]);
    } else if (/^xaxis\d*$/.test(name)) {
      out[name] = under({ showgrid: false, zeroline: false,
                          automargin: true, title: title(12) }, out[name]);
    }
  }
  return out;
}

// The server sends number arrays as base64 ("bdata", Plotly's binary form). They
// are decoded here to plain lists, which extendTraces can grow.
const TYPES = { f4: Float32Array, f8: Float64Array, i4: Int32Array, i2: Int16Array,
                i1: Int8Array, u4: Uint32Array, u2: Uint16Array, u1: Uint8Array };

function decoded(value) {
  if (Array.isArray(value)) return value.map(decoded);
  if (!value || typeof value !== "object") return value;
  if (typeof value.bdata === "string" && TYPES[value.dtype]) {
    const bytes = Uint8Array.from(atob(value.bdata), (c) => c.charCodeAt(0));
    return Array.from(new TYPES[value.dtype](bytes.buffer));
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = decoded(v);
  return out;
}

// The size to draw at: the box's width, and its height too when the page's style
// sizes the box (--nnadd-fit: 1, on phones); otherwise the figure's own height.
function fitted(box, layout) {
  const size = { width: box.clientWidth || layout.width };
  const fit = getComputedStyle(box).getPropertyValue("--nnadd-fit").trim() === "1";
  if (fit && box.clientHeight) size.height = box.clientHeight;
  else if (layout.height) size.height = layout.height;
  return size;
}

function lastX(trace) {
  const x = trace.x;
  return x && x.length ? Number(x[x.length - 1]) : -Infinity;
}

export default async function render({ data, parentElement }) {
  const message = typeof data === "string" ? JSON.parse(data) : data;
  if (!message) return;
  let state = charts.get(parentElement);
  if (!state) {
    const box = document.createElement("div");
    box.setAttribute("role", "figure");
    box.className = "nnadd-live-chart";
    parentElement.appendChild(box);
    state = { box, basis: null, seq: -1, drawn: 0, queue: Promise.resolve() };
    charts.set(parentElement, state);
    // the chart takes its column's width, now and whenever the column changes; and
    // on a phone its height from the page's style (nnadd/ui/screens.py), which
    // changes when the phone is turned
    let seen = "";
    new ResizeObserver(() => {
      const size = fitted(box, box.layout || {});
      const now = `${size.width}x${size.height}`;
      if (size.width && now !== seen && box.data && window.Plotly) {
        seen = now;
        window.Plotly.relayout(box, size);
      }
    }).observe(box);
  }
  // one message at a time, in order: drawing is asynchronous
  state.queue = state.queue.then(() => apply(state, message)).catch((error) => {
    state.box.dataset.error = String(error);
    console.error("nnadd live chart:", error);
  });
  await state.queue;
}

async function apply(state, message) {
  if (message.seq <= state.seq && message.basis === state.basis) return; // stale
  const Plotly = await plotly(message.chunk);
  const { box } = state;
  box.setAttribute("aria-label", message.alt);
  if (message.kind === "full") {
    const figure = decoded(JSON.parse(message.figure));
    const layout = themed(figure.layout, box);
    if (message.height) layout.height = message.height;
    Object.assign(layout, fitted(box, layout));
    await Plotly.react(box, figure.data, layout, message.config);
    state.basis = message.basis;
  } else if (message.kind === "extend") {
    if (message.basis !== state.basis || !box.data) return; // wait for a whole figure
    const traces = message.traces;
    const x = [], y = [];
    traces.forEach((index, i) => {
      const after = lastX(box.data[index]);
      const keep = message.x.map((epoch, j) => (epoch > after ? j : -1)).filter((j) => j >= 0);
      x.push(keep.map((j) => message.x[j]));
      y.push(keep.map((j) => message.y[i][j]));
    });
    if (x.some((xs) => xs.length)) await Plotly.extendTraces(box, { x, y }, traces);
    if (message.relayout) await Plotly.relayout(box, message.relayout);
  }
  state.seq = message.seq;
  state.drawn += 1;
  box.dataset.seq = String(message.seq);
  box.dataset.drawn = String(state.drawn); // messages drawn so far: the browser tests count them
  box.dataset.basis = String(state.basis);
}
