// kefu 话术试用: supervisors try the scripts before buyers see them. Plain
// JS, no build step (common.js, loaded first, has the shared helpers). A trial is its lines (buyer messages and /commands);
// every change sends them all to /api/try, which replays them on the live
// or the draft scripts from the same start time, so the answer is the whole
// trial again. Text is only ever set with textContent, never parsed as HTML.
"use strict";

const TIMERS = { payment_nudge: "催付", closing: "收尾(邀请收藏店铺)", deferred: "限频延后的回复" };
const REFUSED = { unknown_command: "不认识的命令", no_such_item: "商品目录里没有这个商品",
  bad_order_status: "订单状态只能是 created、paid、shipped、closed",
  bad_wait: "/wait 后面写分钟数(1 到 10080)", bad_time: "/time 后面写店铺时间,如 23:30",
  missing_argument: "命令缺少参数" };

let lines = JSON.parse(sessionStorage.getItem("kefu.try.lines") || "[]");
let at = Number(sessionStorage.getItem("kefu.try.at")) || null;
let pack = localStorage.getItem("kefu.try.pack") || "live";
let busy = false;
let again = false;        // a change came while a run was in flight
let triedDraft = null;    // the draft files the trial last ran on (their fingerprint)
let armed = null;         // a publish or restore waits for a second click until this timer ends
let armedFor = null;      // which: "publish" or "restore:<version>"
let compared = null;      // the last labelled comparison, for the draft files it was made on

function save() {
  sessionStorage.setItem("kefu.try.lines", JSON.stringify(lines));
  if (at === null) sessionStorage.removeItem("kefu.try.at");
  else sessionStorage.setItem("kefu.try.at", String(at));
}

async function tryOn(which) {
  const r = await fetch("/api/try", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ lines, pack: which, at }),
  });
  const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  if (r.status === 401) throw new Error("令牌无效:请重新打开启动时打印的链接");
  if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
  return body;
}

// Runs the trial on the chosen scripts (both, to compare) and shows it.
// A change made while a run is in flight (a line typed, the scripts
// switched) runs again when it ends, on the trial as it is then: dropping
// it would leave the page showing the trial without that change.
async function run() {
  if (busy) { again = true; return; }
  busy = true;
  again = false;
  try {
    const packs = pack === "both" ? ["live", "draft"] : [pack];
    const answers = [];
    for (const which of packs) {
      const answer = await tryOn(which);
      // The first answer fixes the start time; later replays keep it.
      if (at === null) at = answer.at;
      if (answer.draft) triedDraft = answer.draft;
      answers.push(answer);
    }
    save();
    fillItems(answers[0].items);
    render(answers);
  } catch (e) {
    toast(String(e.message || e), 4000);
  } finally {
    busy = false;
  }
  if (again) { run(); return; }
  loadDraft();
}

function fillItems(items) {
  const select = $("item");
  const current = currentItem();
  select.replaceChildren(el("option", null, "(没有商品)"));
  select.firstChild.value = "";
  for (const item of items) {
    const o = el("option", null, `${item.id} ${item.name}`);
    o.value = item.id;
    select.appendChild(o);
  }
  select.value = current;
}

// The item of the latest /item line since the last /reset.
function currentItem() {
  let item = "";
  for (const l of lines) {
    if (l.startsWith("/item ")) item = l.slice(6).trim();
    if (l.trim() === "/reset") item = "";
  }
  return item;
}

function render(answers) {
  const list = $("steps");
  list.replaceChildren();
  lines.forEach((line, i) => {
    if (line.startsWith("/")) list.appendChild(el("li", "note", line));
    else list.appendChild(el("li", "buyer", line));
    const columns = answers.map((a) => stepsView(a.lines[i] || []));
    if (columns.length === 1) {
      for (const node of columns[0]) list.appendChild(node);
      return;
    }
    const pair = el("li", "pair");
    const texts = answers.map((a) => replyTexts(a.lines[i] || []));
    const changed = texts[0] !== texts[1];
    ["线上", "草稿"].forEach((label, n) => {
      const col = el("div");
      col.appendChild(el("div", "label", label + (changed ? " · 不同" : "")));
      const box = el("ol", "history");
      for (const node of columns[n]) {
        if (changed && node.classList.contains("bot")) node.classList.add("changed");
        box.appendChild(node);
      }
      col.appendChild(box);
      pair.appendChild(col);
    });
    list.appendChild(pair);
  });
  list.scrollTop = list.scrollHeight;
}

function replyTexts(steps) {
  return steps.flatMap((s) => (s.outcome ? s.outcome.actions : []))
    .map((a) => a.action + ":" + (a.text || a.reason || "")).join("\n");
}

// The nodes that show what one line came to.
function stepsView(steps) {
  const nodes = [];
  for (const step of steps) {
    switch (step.kind) {
      case "event":
        nodes.push(...outcomeView(step.outcome));
        break;
      case "timer":
        nodes.push(el("li", "note", `第 ${step.minute} 分钟:${TIMERS[step.timer] || step.timer}`));
        nodes.push(...outcomeView(step.outcome));
        break;
      case "item":
        nodes.push(el("li", "note", `买家在看 ${step.id} ${step.name}`));
        break;
      case "waited":
        nodes.push(el("li", "note", `过了 ${step.minutes} 分钟,店铺时间 ${step.clock}`));
        break;
      case "handover_done":
        nodes.push(el("li", "note", step.given_back ? "转人工已处理,机器人恢复接待" : "没有待处理的转人工"));
        break;
      case "reset":
        nodes.push(el("li", "note", "新的会话"));
        break;
      case "refused":
        nodes.push(el("li", "refused", `${REFUSED[step.code] || step.code}(${step.reason})`));
        break;
    }
  }
  return nodes;
}

function outcomeView(outcome) {
  const nodes = [];
  for (const a of outcome.actions) {
    if (a.action === "reply") {
      const li = el("li", "bot");
      li.appendChild(el("div", null, a.text));
      // The shop's own answer (faq) is named beside its key: `from` only
      // has the item_faq set that frames it.
      const keys = a.keys.map((k) => a.faq && a.faq.key === k
        ? `${k}: ${a.faq.at ? a.faq.at + " " : ""}ask "${a.faq.ask}"` : k);
      const why = keys.join(" + ") + (a.from.length ? "  ← " + a.from.join(" + ") : "");
      li.appendChild(el("div", "why", why));
      nodes.push(li);
    } else if (a.action === "transfer") {
      nodes.push(el("li", "note", `转人工:${a.reason}`));
    } else if (a.action === "check") {
      nodes.push(el("li", "note", `待人工核对:${a.reason}(机器人继续接待)`));
    } else if (a.action === "remark") {
      nodes.push(el("li", "note", `订单备注 ${a.order}:${a.text}`));
    }
  }
  if (outcome.actions.length === 0) {
    nodes.push(el("li", "note", outcome.transferred ? "机器人不回复(已转人工,由人工客服接待)"
      : outcome.silenced ? "机器人不回复(人工客服刚发过言)" : "机器人不回复"));
  }
  const why = el("li", "note");
  if (outcome.understood) {
    const intents = outcome.understood.intents;
    why.appendChild(el("div", "why", intents.length === 0 ? "意图:other(没有识别出)" :
      intents.map((i) => `${i.name} ${i.score.toFixed(2)}:${i.matched.join("、")}`).join(" | ")));
    const entities = JSON.stringify(outcome.understood.entities);
    if (entities !== "{}") why.appendChild(el("div", "why", "提取:" + entities));
  }
  for (const later of outcome.later) {
    why.appendChild(el("div", "later", `${later.in_minutes} 分钟后:${TIMERS[later.timer] || later.timer}`));
  }
  why.appendChild(el("div", "why", "阶段:" + (STAGES[outcome.stage] || outcome.stage)));
  nodes.push(why);
  return nodes;
}

const CHANGES = { changed: "改了", added: "新增", removed: "删除" };

async function loadDraft() {
  const box = $("draft");
  let d;
  try {
    const r = await fetch("/api/draft", { credentials: "same-origin" });
    d = await r.json();
    if (!r.ok) throw new Error(d.error || "HTTP " + r.status);
  } catch (e) {
    box.replaceChildren(el("p", "empty", "读取失败:" + (e.message || e)));
    return;
  }
  const nodes = [];
  if (d.dir === null) {
    nodes.push(el("p", "muted", "没有配置草稿目录(config/kefu.toml 的 scripts.draft_dir)。"));
  } else if (!d.exists) {
    nodes.push(el("p", "muted", `草稿目录 ${d.dir} 还不存在。先复制一份线上话术:`));
    nodes.push(el("pre", null, `cp -r ${d.live_dir || "scripts"} ${d.dir}`));
  } else if (d.ok) {
    nodes.push(el("p", null, `${d.dir}:可以试用 ✓`));
    nodes.push(el("p", "muted", d.summary));
  } else {
    nodes.push(el("p", "refused", `${d.dir}:有 ${d.errors.length} 处错误,改好才能试用`));
  }
  for (const [cls, list] of [["errors", d.errors], ["warnings", d.warnings]]) {
    if (list.length === 0) continue;
    const ul = el("ul", cls);
    for (const line of list) ul.appendChild(el("li", null, line));
    nodes.push(ul);
  }
  nodes.push(...compareView(d));
  nodes.push(...publishView(d));
  nodes.push(...versionsView(d));
  nodes.push(...publishedView(d));
  box.replaceChildren(...nodes);
  // The draft's files changed since the trial ran on them: run it again,
  // so what the page shows is what would be published.
  if (pack !== "live" && d.fingerprint && triedDraft && d.fingerprint !== triedDraft) {
    triedDraft = d.fingerprint;
    run();
  }
}

const VERDICTS = { broken: "改坏", fixed: "修好", changed: "变了" };

// The draft and the live scripts on the shop's labelled messages: a button,
// then the result for as long as the draft's files stay the same.
function compareView(d) {
  if (!d.labelled || !d.ok) return [];
  if (!compared || compared.draft !== d.fingerprint) {
    const button = el("button", "compare", "在标注消息上对比草稿和线上");
    button.id = "compare";
    button.addEventListener("click", compare);
    return [button];
  }
  const c = compared.comparison;
  const pct = (x) => (x * 100).toFixed(1) + "%";
  const nodes = [el("p", c.broken > 0 ? "refused" : null,
    `标注消息 ${c.messages} 条:准确率 线上 ${pct(c.accuracy_before)} → 草稿 ${pct(c.accuracy_after)};` +
    `改坏 ${c.broken},修好 ${c.fixed},其他变化 ${c.other_changes}`)];
  const ul = el("ul", "changes");
  for (const change of c.changes.slice(0, 20)) {
    ul.appendChild(el("li", change.verdict === "broken" ? "broken" : null,
      `${VERDICTS[change.verdict]} [${change.labels.join(",")}] ${change.before} → ${change.after}  ${change.text}`));
  }
  nodes.push(ul);
  // A handover intent's keyword acts wherever it ranks: the accuracy can
  // stay put while many more chats go to a person.
  const h = c.handover;
  if (h) {
    const more = h.after.handed_over > h.before.handed_over;
    nodes.push(el("p", more ? "refused" : null,
      `转人工:线上 ${pct(h.before.rate)}(${h.before.handed_over} 条)→ 草稿 ${pct(h.after.rate)}` +
      `(${h.after.handed_over} 条);新转人工 ${h.newly.length},不再转 ${h.no_longer}`));
    const handed = el("ul", "changes");
    for (const n of h.newly.slice(0, 20)) {
      handed.appendChild(el("li", "broken",
        `新转人工 [${n.labels.join(",")}] ${n.reason}:${n.words.join("、") || "-"}  ${n.text}`));
    }
    nodes.push(handed);
  }
  return nodes;
}

async function compare() {
  try {
    const r = await fetch("/api/compare", { credentials: "same-origin" });
    const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
    if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
    compared = body;
  } catch (e) {
    toast("没有对比:" + (e.message || e), 6000);
  }
  loadDraft();
}

// How the draft differs from the live scripts, and the publish button.
function publishView(d) {
  if (!d.changes) return [];
  const nodes = [];
  const parts = Object.keys(CHANGES).filter((k) => d.changes[k].length > 0)
    .map((k) => `${CHANGES[k]} ${d.changes[k].join("、")}`);
  nodes.push(el("p", "muted", parts.length === 0 ? "与线上话术相同。"
    : `与线上话术(${d.live_dir})不同:${parts.join(";")}`));
  nodes.push(...hotFixesView(d));
  if (d.can_publish) {
    // Drawn again while armed (a redraw came between the clicks): stay armed.
    const arm = armedFor === "publish";
    const button = el("button", arm ? "publish armed" : "publish",
      arm ? `确认发布:${parts.join(";")}` : "发布上线");
    button.id = "publish";
    button.addEventListener("click", () => publish(button, d, parts.join(";")));
    nodes.push(button);
    nodes.push(el("p", "muted", d.you ? `发布记录上署名:${d.you}`
      : "用共用的主管令牌发布,记录上署名“主管(共用令牌)”;给每位主管配自己的令牌(console.supervisors)就能署名。"));
  } else if (parts.length > 0 && d.ok && d.role !== "supervisor") {
    nodes.push(el("p", "muted", "发布上线需要主管令牌(打开启动时打印的主管链接)。"));
  }
  return nodes;
}

const HOT_FIXES = {
  changed: (f) => f.in_draft ? "线上直接改过,草稿里这份没有这处修改"
    : "线上直接改过,草稿里没有这个文件,发布会把它删掉",
  added: (f) => f.in_draft ? "直接加到线上的文件,和草稿里的不同"
    : "直接加到线上的文件,草稿里没有,发布会把它删掉",
  removed: () => "线上直接删掉了,草稿里还有,发布会把它加回来",
};

// Files saved straight into the live scripts since the last publish that
// publishing this draft would undo, said before the publish button is
// clicked (the click still asks): each with what happened to it and the
// commands that show the fix or bring it into the draft.
function hotFixesView(d) {
  const fixes = d.hot_fixes || [];
  if (fixes.length === 0) return [];
  const box = el("div", "hotfixes");
  box.id = "hot-fixes";
  box.setAttribute("role", "alert");
  box.appendChild(el("p", null, "线上有直接改过的文件,发布会盖掉:" + fixes.map((f) => f.name).join("、")));
  const ul = el("ul");
  for (const f of fixes) {
    const li = el("li", null, `${f.name}:${(HOT_FIXES[f.kind] || (() => f.advice))(f)}`);
    for (const command of f.commands) {
      li.appendChild(el("br"));
      li.appendChild(el("code", null, command));
    }
    ul.appendChild(li);
  }
  box.appendChild(ul);
  box.appendChild(el("p", "muted", "最好先把这些修改也做到草稿里(上面的 diff 对比),再发布。"));
  return [box];
}

// The copies earlier publishes kept; a supervisor can put one back.
function versionsView(d) {
  if (d.role !== "supervisor" || d.versions.length === 0) return [];
  const nodes = [el("p", "muted", "发布时替换下来的线上话术(新的在前),可以恢复:")];
  const ul = el("ul", "versions");
  for (const version of d.versions) {
    // The publish that replaced this copy, when the record has it.
    const by = d.published.find((p) => p.kept_in === version);
    const li = el("li", null, shownTime(version) + (by ? `(${by.by} 发布时替换下来)` : "") + " ");
    const key = "restore:" + version;
    const button = el("button", armedFor === key ? "restore armed" : "restore",
      armedFor === key ? "确认恢复" : "恢复");
    button.addEventListener("click", () => twice(button, key, "确认恢复", () =>
      act("/api/restore", { version }, `已恢复 ${shownTime(version)} 的话术`)));
    li.appendChild(button);
    ul.appendChild(li);
  }
  nodes.push(ul);
  return nodes;
}

// Who put which scripts live, and when: for agents too, who notice the
// bot saying something new and want to know where it came from.
function publishedView(d) {
  if (!d.published || d.published.length === 0) return [];
  const nodes = [el("p", "muted", "最近的发布(新的在前):")];
  const ul = el("ul", "published");
  for (const p of d.published) {
    const parts = Object.keys(CHANGES).filter((k) => p.changes[k].length > 0)
      .map((k) => `${CHANGES[k]} ${p.changes[k].join("、")}`);
    const when = new Date(p.at).toLocaleString("zh-CN", { hour12: false });
    const from = /\d{8}T\d{6}Z(-\d+)?$/.test(p.from) ? "(恢复旧版)" : "";
    ul.appendChild(el("li", null, `${when} ${p.by}${from}:${parts.join(";")}`));
  }
  nodes.push(ul);
  return nodes;
}

// `20261205T043000Z-2` as the browser's local time.
function shownTime(version) {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/.exec(version);
  if (!m) return version;
  const t = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return t.toLocaleString("zh-CN", { hour12: false });
}

// The first click arms the button and says what it will do; a second one
// within five seconds does it.
function twice(button, key, armedText, action) {
  if (armedFor !== key) {
    clearTimeout(armed);
    armedFor = key;
    button.textContent = armedText;
    button.classList.add("armed");
    armed = setTimeout(() => { armed = null; armedFor = null; loadDraft(); }, 5000);
    return;
  }
  clearTimeout(armed);
  armed = null;
  armedFor = null;
  button.disabled = true;
  action();
}

// Publishing exactly the files that were checked.
function publish(button, d, what) {
  twice(button, "publish", `确认发布:${what}`, () =>
    act("/api/publish", { draft: d.fingerprint },
      `已发布上线:${what}`));
}

// The file names a `hot_fixes` refusal lists, one a line: `  replies.toml: …`.
function hotFixNames(error) {
  const names = (error || "").split("\n").map((l) => /^  ([^:]+\.toml):/.exec(l)).filter(Boolean).map((m) => m[1]);
  return names.length > 0 ? names.join("、") : "文件";
}

async function act(path, request, done) {
  try {
    const r = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
    });
    const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
    // The draft would undo fixes saved straight into the live scripts since
    // the last publish: say which, and publish over them only if asked to.
    if (body.code === "hot_fixes" && !request.over_hot_fixes) {
      if (confirm("草稿复制之后,有人直接改过线上话术;发布会把这些修改盖掉:\n\n" + body.error +
          "\n\n最好先把这些修改也做到草稿里再发布。仍然发布(盖掉这些修改,被替换的文件会保存在历史目录)?")) {
        return act(path, { ...request, over_hot_fixes: true }, done);
      }
      throw new Error("没有发布:草稿会盖掉直接在线上改过的 " + hotFixNames(body.error) + ",请先把修改做到草稿里");
    }
    if (!r.ok) {
      throw new Error(body.code === "draft_changed"
        ? "草稿在检查之后又改过了:请看过新的试用结果再发布" : (body.error || "HTTP " + r.status));
    }
    const undid = body.undid_hot_fixes && body.undid_hot_fixes.length > 0
      ? `。盖掉了直接在线上改过的 ${body.undid_hot_fixes.join("、")}` : "";
    toast(done + undid + (body.kept_in ? `。替换下来的话术保存在 ${body.kept_in}` : ""), 6000);
  } catch (e) {
    toast("没有完成:" + (e.message || e), 6000);
  }
  run();
}

function say(line) {
  line = line.trim();
  if (!line) return;
  if (line === "/reset") { lines = []; at = null; }
  else lines.push(line);
  run();
}

$("say").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = $("text");
  say(input.value);
  input.value = "";
  input.focus();
});
for (const b of document.querySelectorAll("#say [data-line]")) {
  b.addEventListener("click", () => say(b.dataset.line));
}
$("item").addEventListener("change", (e) => { if (e.target.value) say("/item " + e.target.value); });
$("undo").addEventListener("click", () => { lines.pop(); if (lines.length === 0) at = null; run(); });
$("restart").addEventListener("click", () => { lines = []; at = null; run(); });
$("pack").value = pack;
$("pack").addEventListener("change", (e) => {
  pack = e.target.value;
  localStorage.setItem("kefu.try.pack", pack);
  run();
});
window.addEventListener("focus", loadDraft);
run();
$("text").focus();
