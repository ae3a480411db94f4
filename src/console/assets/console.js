// kefu 客服台: the agents' page. Plain JS, no build step (common.js, loaded
// first, has the helpers both pages use). All data comes from /api/state;
// /api/events says when to fetch it again. Text is only ever set with
// textContent, never parsed as HTML.
"use strict";

const SLOTS = { item: "商品", size: "尺码", color: "颜色", height_cm: "身高cm", weight_jin: "体重斤" };
const WHO = { buyer: "买家", bot: "机器人", agent: "客服" };

let state = null;
let fetchedAt = 0;
let selected = null;      // "shop\u001fconversation"
let chosen = 0;           // option index of the current suggestion
let editing = false;
let draft = null;         // the edit in progress: {id, text, start, end}
let busy = false;
let advance = true;       // select the next waiting conversation at the next render

const agentInput = $("agent");
agentInput.value = localStorage.getItem("kefu.agent") || "";
agentInput.addEventListener("input", () => localStorage.setItem("kefu.agent", agentInput.value.trim()));

const keyOf = (c) => c.shop + "\u001f" + c.conversation;
const current = () => state && state.conversations.find((c) => keyOf(c) === selected);
const nowSecs = () => (state ? state.now + Math.floor((Date.now() - fetchedAt) / 1000) : 0);


// "店铺答案:scripts/catalog.toml:512(问「磨脚」,复古厚底老爹鞋)": which entry of
// the catalogue (or faq.toml) the words of a suggested reply come from.
function faqSource(f) {
  const said = ["问「" + f.ask + "」"];
  if (f.key === "item_faq_again") said.push("买家重问");
  if (f.item) said.push(f.item_name || f.item);
  return "店铺答案:" + (f.at || "内置") + "(" + said.join(",") + ")";
}

async function refresh() {
  const r = await fetch("/api/state", { credentials: "same-origin" });
  if (r.status === 401) { toast("令牌无效:请重新打开启动时打印的链接"); return; }
  if (!r.ok) { toast("读取失败:" + r.status); return; }
  state = await r.json();
  fetchedAt = Date.now();
  render();
}

let queued = null;
function refreshSoon() {
  if (queued) return;
  queued = setTimeout(() => { queued = null; refresh().catch((e) => toast("读取失败:" + e)); }, 30);
}

function renderHeader() {
  const m = state.mode;
  const mode = $("mode");
  const eff = m.effective === "auto" ? "自动回复" : "辅助(需客服确认)";
  if (m.configured === "schedule") {
    const s = m.schedule;
    mode.textContent = `定时:${s.auto_from}–${s.auto_until} 自动(${s.timezone} ${s.local_time}),当前${eff}`;
  } else {
    mode.textContent = m.configured === "auto" ? "自动模式" : "辅助模式";
  }
  mode.className = "pill" + (m.effective === "assist" ? " assist" : "");
  mode.dataset.effective = m.effective;
  const ch = $("channel");
  ch.textContent = state.channel.connected ? "渠道已连接" : "渠道未连接";
  ch.className = "pill " + (state.channel.connected ? "ok" : "bad");
  const errors = $("script-errors");
  errors.hidden = state.script_errors.length === 0;
  errors.textContent = "话术加载失败,仍在使用上一版:\n" + state.script_errors.join("\n");
}

function waitText(since) {
  const secs = Math.max(0, nowSecs() - since);
  return secs < 60 ? `等待 ${secs} 秒` : `等待 ${Math.floor(secs / 60)} 分`;
}

function renderList() {
  const list = $("list");
  list.replaceChildren();
  if (state.conversations.length === 0) list.append(el("p", "empty", "暂无会话"));
  for (const c of state.conversations) {
    const b = el("button", "conv" + (keyOf(c) === selected ? " selected" : ""));
    b.dataset.conversation = c.conversation;
    b.dataset.waiting = String(c.suggestions.length);
    if (c.waiting_since !== null) {
      const w = el("span", "wait", waitText(c.waiting_since));
      w.dataset.since = c.waiting_since;
      b.append(w);
    }
    b.append(el("div", "who", c.buyer || c.conversation));
    const last = c.history.length ? c.history[c.history.length - 1].text : "";
    b.append(el("div", "meta", `${c.conversation} · ${STAGES[c.stage] || c.stage}${c.transferred ? " · 已转人工" : ""}`));
    b.append(el("div", "meta", last.slice(0, 40)));
    b.addEventListener("click", () => select(keyOf(c)));
    list.append(b);
  }
}

function renderDetail() {
  const d = $("detail");
  const c = current();
  document.body.dataset.selected = c ? c.conversation : "";
  d.replaceChildren();
  if (!c) { d.append(el("p", "empty", "暂无会话")); return; }
  d.append(el("h2", "", `${c.buyer || "买家"} · ${c.conversation}`));
  const facts = el("div", "facts");
  facts.append(el("span", "fact", "阶段:" + (STAGES[c.stage] || c.stage || "—")));
  for (const [k, name] of Object.entries(SLOTS)) {
    if (c.slots[k] !== undefined && c.slots[k] !== null) facts.append(el("span", "fact", `${name}:${c.slots[k]}`));
  }
  if (c.transferred) facts.append(el("span", "fact", "已转人工"));
  d.append(facts);
  const history = el("ol", "history");
  for (const t of c.history) {
    const li = el("li", t.who, t.text);
    li.title = WHO[t.who] + " " + new Date(t.at * 1000).toLocaleTimeString("zh-CN");
    history.append(li);
  }
  d.append(history);
  const s = c.suggestions[0];
  if (!s) { d.append(el("p", "empty", "没有待确认的建议回复")); return; }
  if (chosen >= s.options.length) chosen = 0;
  const box = el("div", "suggestion");
  box.dataset.suggestion = s.id;
  box.append(el("div", "why", `建议回复(${waitText(s.created_at)}${s.held ? ",已发过稳住买家的话" : ""})` +
    (s.buyer_text ? ` 回复买家:“${s.buyer_text}”` : "")));
  s.options.forEach((o, i) => {
    const opt = el("div", "option" + (i === chosen ? " chosen" : ""));
    opt.append(el("span", "num", i + 1), document.createTextNode(o.text));
    const why = [];
    if (o.note) why.push(o.note);
    if (o.intents.length) why.push("意图:" + o.intents.join("、"));
    if (o.keywords.length) why.push("关键词:" + o.keywords.join("、"));
    if (!o.intents.length && o.keys.length) why.push("话术:" + o.keys.join("、"));
    // Where the reply is written, for whoever fixes the scripts.
    if (o.from && o.from.length) why.push("出自 " + o.from.join(" + "));
    // The shop's own answer is written in its entry, not in the item_faq
    // set that `from` names: that entry is what the supervisor changes.
    if (o.faq) why.push(faqSource(o.faq));
    opt.append(el("div", "why", why.join(" · ")));
    opt.addEventListener("click", () => { chosen = i; render(); });
    box.append(opt);
  });
  if (editing) {
    // The page is drawn again whenever anything changes (a buyer writing in
    // any conversation), so the box is drawn from the edit in progress, not
    // from the suggestion: a redraw must not put the bot's text back.
    if (!draft || draft.id !== s.id) {
      const text = s.options[chosen].text;
      draft = { id: s.id, text, start: 0, end: text.length };
    }
    const ta = el("textarea");
    ta.id = "edit-text";
    ta.value = draft.text;
    const keep = () => { draft.text = ta.value; draft.start = ta.selectionStart; draft.end = ta.selectionEnd; };
    for (const event of ["input", "select", "keyup", "click"]) ta.addEventListener(event, keep);
    ta.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); decide("edit", ta.value); }
      else if (e.key === "Escape") { e.preventDefault(); editing = false; render(); }
    });
    box.append(ta);
  } else {
    draft = null;
  }
  const actions = el("div", "actions");
  const button = (cls, text, fn) => { const b = el("button", cls, text); b.addEventListener("click", fn); actions.append(b); };
  if (editing) button("send", "发送修改 (Enter)", () => decide("edit", $("edit-text").value));
  else button("send", "发送 (Enter)", () => decide("approve"));
  button("", "修改 (E)", () => { editing = true; render(); });
  button("", "拒绝 (Esc)", () => decide("reject"));
  box.append(actions);
  if (c.suggestions.length > 1) box.append(el("div", "why", `本会话还有 ${c.suggestions.length - 1} 条待确认`));
  d.append(box);
  if (editing) {
    // Focused in the same task as the redraw, so no keystroke can fall
    // between the old box leaving and the new one taking the focus.
    const ta = $("edit-text");
    ta.focus();
    ta.setSelectionRange(draft.start, draft.end);
  }
}

function renderHandover() {
  const list = $("handover");
  list.replaceChildren();
  $("handover-count").textContent = state.handover.length ? `(${state.handover.length})` : "";
  for (const h of state.handover) {
    const li = el("li");
    li.append(el("div", "", `${h.buyer || h.conversation} · ${h.reason_label || h.reason}`));
    li.append(el("div", "muted", new Date(h.at * 1000).toLocaleString("zh-CN") + (h.order ? ` · 订单 ${h.order}` : "")));
    for (const m of h.last_messages) li.append(el("div", "muted", "“" + m + "”"));
    if (h.since && h.since.length) {
      li.append(el("div", "why", `转人工后买家又说了 ${h.since.length} 句:`));
      for (const m of h.since) li.append(el("div", "", "“" + m + "”"));
    }
    const b = el("button", "", "已处理");
    b.addEventListener("click", () => post(`/api/handover/${h.id}/done`, {}).then((a) =>
      a && toast(a.given_back ? "已标记处理,机器人恢复接待该会话" : "已标记处理")));
    li.append(b);
    list.append(li);
  }
}

function render() {
  if (!state) return;
  const c = current();
  if (advance && (!c || c.suggestions.length === 0)) {
    const next = state.conversations.find((x) => x.suggestions.length > 0) || c || state.conversations[0];
    if (next && keyOf(next) !== selected) { selected = keyOf(next); chosen = 0; editing = false; }
  }
  if (!current() && state.conversations.length) selected = keyOf(state.conversations[0]);
  advance = false;
  renderHeader();
  renderList();
  renderDetail();
  renderHandover();
}

function select(key) {
  if (key === selected) return;
  selected = key;
  chosen = 0;
  editing = false;
  render();
}

function move(step) {
  if (!state || !state.conversations.length) return;
  const i = state.conversations.findIndex((c) => keyOf(c) === selected);
  const n = state.conversations.length;
  select(keyOf(state.conversations[(i + step + n) % n]));
  const sel = document.querySelector(".conv.selected");
  if (sel) sel.scrollIntoView({ block: "nearest" });
}

async function post(path, body) {
  const agent = agentInput.value.trim();
  if (!agent) { toast("请先在右上角填写工号"); agentInput.focus(); return false; }
  const r = await fetch(path, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(Object.assign({ agent }, body)),
  });
  let answer = {};
  try { answer = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) {
    toast(r.status === 409 ? "这条建议已被处理" : "操作失败:" + (answer.error || r.status));
    refreshSoon();
    return false;
  }
  refreshSoon();
  // The answer itself, for callers that show what it says (always truthy).
  return answer;
}

async function decide(verdict, text) {
  const c = current();
  const s = c && c.suggestions[0];
  if (!s || busy) return;
  busy = true;
  try {
    const body = verdict === "approve" ? { option: chosen } : verdict === "edit" ? { text } : {};
    if (await post(`/api/suggestions/${s.id}/${verdict}`, body)) {
      toast(verdict === "reject" ? "已拒绝" : "已发送");
      editing = false;
      chosen = 0;
      advance = true;
    }
  } finally {
    busy = false;
  }
}

document.addEventListener("keydown", (e) => {
  const t = e.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) {
    if (e.key === "Enter" && t === agentInput) agentInput.blur();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const c = current();
  const s = c && c.suggestions[0];
  switch (e.key) {
    case "Enter": if (s) { e.preventDefault(); decide("approve"); } break;
    case "e": case "E": if (s) { e.preventDefault(); editing = true; render(); } break;
    case "Escape": if (s) { e.preventDefault(); decide("reject"); } break;
    case "j": case "J": move(1); break;
    case "k": case "K": move(-1); break;
    case "1": case "2": case "3":
      if (s && Number(e.key) <= s.options.length) { chosen = Number(e.key) - 1; render(); }
      break;
    default: return;
  }
});

// Live: every `changed` event refetches; the counters tick between fetches.
const live = $("live");
function connect() {
  const source = new EventSource("/api/events");
  source.addEventListener("changed", refreshSoon);
  source.onopen = () => { live.textContent = "实时更新"; live.className = "pill ok"; };
  source.onerror = () => { live.textContent = "实时更新中断,重连中"; live.className = "pill bad"; };
}
setInterval(() => {
  for (const w of document.querySelectorAll(".wait")) {
    const since = Number(w.dataset.since);
    w.textContent = waitText(since);
    w.classList.toggle("late", nowSecs() - since >= 25);
  }
}, 1000);
connect();
refresh().catch((e) => toast("读取失败:" + e));
