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
  // six columns, so that the plan fits a 1280 px screen and an A4 page: the status under the flag (the flag
  // second: "overdue" must never be a column out of sight), support needed under the action, the review date
  // under the deadline; the downloads keep every field in its own column
  const head = ["Sub-item", "Flag · status", "Band then → now", "Action · support needed", "Responsible", "Deadline · review"];
  const rows = actions.map((a) =>
    el(
      "tr",
      {class: a.overdue === "true" ? "overdue" : a.status === "done" ? "done" : ""},
      el("td", {title: a.item_en ?? ""}, el("span", {class: "ccpm-code"}, a.sub_item ?? "–"), " ", short(a.item_en)),
      el("td", {}, el("div", {class: "ccpm-flag"}, actionFlag(a)), a.status !== "done" ? el("div", {class: "ccpm-why"}, STATUS[a.status] ?? a.status) : null),
      el("td", {}, a.band ? bandChip(a.band, {short: true}) : "–", " → ", a.latest_band ? bandChip(a.latest_band, {short: true}) : "–"),
      el("td", {}, a.action, a.progress ? el("div", {class: "ccpm-why"}, a.progress) : null, a.support_needed ? el("div", {class: "ccpm-why ccpm-support"}, `Support needed: ${a.support_needed}`) : null),
      el("td", {}, a.responsible ?? "–"),
      el("td", {class: "nowrap"}, a.deadline ?? "–", a.review_date ? el("div", {class: "ccpm-why"}, `review ${a.review_date}`) : null)
    )
  );
  return el("div", {class: "ccpm-scroll"}, el("table", {class: "ccpm-table ccpm-actions"}, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows)));
}
