// The dashboard: submit a job, stream its progress (SSE read with fetch, so the bearer token can be sent),
// draw it with the service's Vega-Lite spec (points inserted into its named data set), cancel, download.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { job: undefined, view: undefined, points: 0, abort: undefined };
// Exposed for the browser test and for a person at the console.
window.dashboard = state;

$('token').value = sessionStorage.getItem('ebm-token') ?? '';

function api(path, init = {}) {
  const token = $('token').value.trim();
  sessionStorage.setItem('ebm-token', token);
  const headers = { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return fetch(path, { ...init, headers });
}

function say(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

/** The body of the job's route, from the file (or the pasted text) and the form's options. */
async function inputOf(kind) {
  const file = $('file').files[0];
  const text = file ? await file.text() : $('text').value;
  const options = { timeLimitMs: Number($('time').value) };
  if (kind === 'qap') return { qaplib: text, options };
  if (kind === 'maxcut') return { gset: text, options };
  const model = JSON.parse(text);
  return kind === 'sample' ? { model, options: { ...options, samples: Number($('samples').value) } } : { model, options };
}

async function submit(event) {
  event.preventDefault();
  const kind = $('kind').value;
  let input;
  try {
    input = await inputOf(kind);
  } catch (e) {
    return say(`Not JSON: ${e.message}`, true);
  }
  const r = await api('/v1/jobs', { method: 'POST', body: JSON.stringify({ kind, input }) });
  const body = await r.json();
  if (r.status !== 202) return say(`${r.status}: ${body.error}${body.field ? ` (at ${body.field})` : ''}`, true);
  await watch({ id: body.id, kind, status: body.status });
}

/** Reads the job's Server-Sent Events until its result, drawing each progress point. */
async function watch(job) {
  state.abort?.abort();
  state.abort = new AbortController();
  state.job = job;
  state.points = 0;
  say(`${job.kind} job ${job.id}: ${job.status}`);
  const spec = await (await api(`/charts/progress.json?kind=${job.kind}`)).json();
  state.view = (await vegaEmbed('#chart', spec, { actions: false, renderer: 'svg' })).view;
  $('cancel').disabled = false;
  $('download').disabled = true;
  const r = await api(`/v1/jobs/${job.id}/events`, { signal: state.abort.signal });
  if (!r.ok) return say(`${r.status}: ${(await r.json()).error}`, true);
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      handle(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

function handle(block) {
  const type = /^event: (.*)$/m.exec(block)?.[1];
  const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
  if (type === 'progress') {
    if (data.best !== undefined) {
      state.view.insert('progress', [{ seconds: data.seconds, best: data.best }]).run();
      state.points++;
    }
    say(`${state.job.kind} job ${state.job.id}: running, ${data.seconds.toFixed(1)} s, best ${data.best ?? '-'}`);
  } else if (type === 'result') {
    state.job = data;
    const best = data.result?.cost ?? data.result?.cut ?? data.result?.energy ?? data.result?.produced;
    say(`${data.kind} job ${data.id}: ${data.status}${best === undefined ? '' : `, ${best}`}${data.error ? `: ${data.error.error}` : ''}`, data.status === 'failed');
    $('cancel').disabled = true;
    $('download').disabled = data.result === undefined;
    void refreshJobs();
  }
}

async function cancel() {
  if (!state.job) return;
  $('cancel').disabled = true;
  await api(`/v1/jobs/${state.job.id}`, { method: 'DELETE' });
}

function download() {
  const blob = new Blob([JSON.stringify(state.job, null, 2)], { type: 'application/json' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${state.job.kind}-${state.job.id}.json` });
  a.click();
  URL.revokeObjectURL(a.href);
}

async function refreshJobs() {
  const r = await api('/v1/jobs');
  if (!r.ok) return;
  const rows = (await r.json()).map((job) => {
    const tr = document.createElement('tr');
    for (const cell of [new Date(job.createdAt).toLocaleTimeString(), job.kind, job.status, job.progress.best ?? '', job.progress.seconds.toFixed(1)]) {
      tr.appendChild(document.createElement('td')).textContent = String(cell);
    }
    tr.addEventListener('click', () => void watch(job));
    return tr;
  });
  $('jobs').tBodies[0].replaceChildren(...rows);
}

$('submit').addEventListener('submit', (e) => void submit(e));
$('cancel').addEventListener('click', () => void cancel());
$('download').addEventListener('click', download);
void refreshJobs();
setInterval(() => void refreshJobs(), 3000);
