// Buyer chat page of the kefu local channel. Plain JS, no build step.
// The page only renders what the server pushes (a snapshot, then updates),
// so a reconnect simply redraws the conversation.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const rand = (n) => Math.floor(Math.random() * n);

  // Each page load is a new conversation, unless the address names one
  // (`/?c=c-…&buyer=…`), which lets a second tab join the same chat.
  const params = new URLSearchParams(location.search);
  const wanted = params.get("c") || "";
  const conversation = /^c-[A-Za-z0-9_-]{1,38}$/.test(wanted)
    ? wanted
    : "c-" + Date.now().toString(36) + rand(36 ** 4).toString(36);
  $("conv").textContent = conversation;
  $("nick").value = (params.get("buyer") || "").slice(0, 32) || "tb_买家" + String(1000 + rand(9000));

  const chat = $("chat");
  let socket = null;
  let order = null; // {order, status, amount}
  let botOnline = false;

  const STATUS_NAMES = { created: "待付款", paid: "已付款", shipped: "已发货", closed: "已关闭" };

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const url = scheme + location.host + "/buyer/ws?conversation=" + encodeURIComponent(conversation) +
      "&buyer=" + encodeURIComponent($("nick").value);
    socket = new WebSocket(url);
    socket.onopen = () => {
      chat.replaceChildren(); // the server starts with a full snapshot
      renderEmpty();
      refreshControls();
    };
    socket.onmessage = (e) => {
      let update;
      try { update = JSON.parse(e.data); } catch (_) { return; }
      apply(update);
    };
    socket.onclose = () => {
      socket = null;
      setStatus("offline", "与本地渠道断开,正在重连…");
      refreshControls();
      setTimeout(connect, 1500);
    };
  }

  function apply(u) {
    switch (u.kind) {
      case "line": addLine(u.who, u.text, u.at); break;
      case "order": order = u; renderOrder(); break;
      case "bot":
        botOnline = u.connected;
        setStatus(u.connected ? "online" : "waiting", u.connected ? "机器人客服在线" : "等待机器人连接…");
        break;
      case "notice": addNotice(u.text); break;
    }
  }

  function renderEmpty() {
    if (chat.children.length) return;
    const tip = document.createElement("div");
    tip.className = "empty";
    tip.innerHTML = "<b>你好,这里是买家视角</b><br>发一条消息试试,或者拍下订单、付款,看看机器人怎么回复。";
    chat.append(tip);
  }

  function addLine(who, text, at) {
    const tip = chat.querySelector(".empty");
    if (tip) tip.remove();
    const row = document.createElement("div");
    if (who === "system") {
      row.className = "row system";
      const pill = document.createElement("span");
      pill.className = "pill";
      pill.textContent = text;
      row.append(pill);
    } else {
      row.className = "row " + (who === "buyer" ? "mine" : "theirs " + who);
      if (who !== "buyer") {
        const avatar = document.createElement("div");
        avatar.className = "avatar";
        avatar.textContent = who === "agent" ? "人" : "客";
        row.append(avatar);
      }
      const body = document.createElement("div");
      body.className = "body";
      const meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = (who === "buyer" ? $("nick").value : who === "agent" ? "人工客服" : "机器人客服") +
        (at ? " · " + at : "");
      const bubble = document.createElement("div");
      bubble.className = "bubble";
      bubble.textContent = text === "" ? "(空消息)" : text;
      body.append(meta, bubble);
      row.append(body);
    }
    chat.append(row);
    chat.scrollTop = chat.scrollHeight;
  }

  function addNotice(text) {
    const row = document.createElement("div");
    row.className = "row system";
    const pill = document.createElement("span");
    pill.className = "pill warn";
    pill.textContent = text;
    row.append(pill);
    chat.append(row);
    chat.scrollTop = chat.scrollHeight;
    setTimeout(() => row.remove(), 6000);
  }

  function setStatus(kind, text) {
    $("status").className = "status " + kind;
    $("status-text").textContent = text;
  }

  function renderOrder() {
    if (!order) {
      $("order-title").textContent = "暂无订单";
      $("order-status").textContent = "";
      $("order-status").className = "order-status";
    } else {
      $("order-title").textContent = "订单 " + order.order + (order.amount ? " · ¥" + order.amount : "");
      $("order-status").textContent = STATUS_NAMES[order.status] || order.status;
      $("order-status").className = "order-status " + order.status;
    }
    refreshControls();
  }

  // Buttons are enabled only for moves the order allows; the server checks again.
  function refreshControls() {
    const open = socket && socket.readyState === WebSocket.OPEN;
    const status = order ? order.status : null;
    $("btn-create").disabled = !open || status === "created" || status === "paid";
    $("btn-pay").disabled = !open || status !== "created";
    $("btn-ship").disabled = !open || status !== "paid";
    $("btn-close").disabled = !open || status !== "created";
    $("send").disabled = !open;
  }

  function post(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      addNotice("还没连上本地渠道,请稍候");
      return false;
    }
    frame.buyer = $("nick").value;
    frame.item = $("item").value || null;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function say(text) {
    if (!text.trim()) return;
    if (post({ kind: "message", text: text })) $("text").value = "";
  }

  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    say($("text").value);
    $("text").focus();
  });
  $("quick").addEventListener("click", (e) => {
    if (e.target.tagName === "BUTTON") say(e.target.textContent);
  });
  $("btn-create").onclick = () => post({ kind: "order", action: "create", amount: $("amount").value });
  // An order placed from a product page is for that product's price.
  $("item").addEventListener("change", () => {
    const option = $("item").selectedOptions[0];
    if (option && option.dataset.price) $("amount").value = option.dataset.price;
  });
  $("btn-pay").onclick = () => post({ kind: "order", action: "pay" });
  $("btn-ship").onclick = () => post({ kind: "order", action: "ship" });
  $("btn-close").onclick = () => post({ kind: "order", action: "close" });

  renderEmpty();
  refreshControls();
  connect();
})();
