// kefu: what the console's pages share (loaded before each page's own
// script). Text is only ever set with textContent, never parsed as HTML.
"use strict";

const STAGES = { greeting: "刚进店", consulting: "咨询中", objection: "议价异议",
  ordered_unpaid: "拍下未付款", paid: "已付款", closed: "已结束" };

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

// A short message at the bottom of the page, gone after `ms`.
function toast(text, ms = 2500) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, ms);
}
