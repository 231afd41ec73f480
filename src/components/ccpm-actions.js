// The CCPM action plan tracker: overdue actions first and marked in words, the band of the sub-item when the plan
// was adopted and now, as a plain table for print and a sortable one with downloads on screen.
import {bandChip} from "./ccpm-bands.js";
import {el} from "./dom.js";

const short = (text, n = 48) => (!text ? "" : text.length > n ? `${text.slice(0, n - 1)}…` : text);

const STATUS = {not_started: "Not started", in_progress: "In progress", done: "Done"};

export function actionFlag(a) {
  if (a.overdue === "true") return `overdue ${a.days_overdue} day${Number(a.days_overdue) === 1 ? "" : "s"}`;
  if (a.review_passed === "true") return "review date passed";
  return a.status === "done" ? "done" : "on track";
}

/** One row per action; overdue rows carry class "overdue" (red edge and the word, never the colour alone). */
export function actionTable(actions) {
  // the flag second: on a narrow screen the table scrolls sideways, and "overdue" must not be the hidden column
  const head = ["Sub-item", "Flag", "Band then → now", "Action", "Responsible", "Deadline", "Status", "Review", "Support needed"];
  const rows = actions.map((a) =>
    el(
      "tr",
      {class: a.overdue === "true" ? "overdue" : a.status === "done" ? "done" : ""},
      el("td", {title: a.item_en ?? ""}, el("span", {class: "ccpm-code"}, a.sub_item ?? "–"), " ", short(a.item_en)),
      el("td", {class: "ccpm-flag"}, actionFlag(a)),
      el("td", {}, a.band ? bandChip(a.band, {short: true}) : "–", " → ", a.latest_band ? bandChip(a.latest_band, {short: true}) : "–"),
      el("td", {}, a.action, a.progress ? el("div", {class: "ccpm-why"}, a.progress) : null),
      el("td", {}, a.responsible ?? "–"),
      el("td", {class: "nowrap"}, a.deadline ?? "–"),
      el("td", {class: "nowrap"}, STATUS[a.status] ?? a.status),
      el("td", {class: "nowrap"}, a.review_date ?? "–"),
      el("td", {}, a.support_needed ?? "–")
    )
  );
  return el("div", {class: "ccpm-scroll"}, el("table", {class: "ccpm-table ccpm-actions"}, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows)));
}
