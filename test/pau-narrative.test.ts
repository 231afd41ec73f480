// The analysts' narrative file of a PAU quarter: sections, per-risk text, the recommendation list, and the
// problems a broken file gets reported with (the PAU still renders what the file has).
import { describe, expect, it } from "vitest";
import { parseNarrative, readNarrative } from "../src/lib/pau-narrative.ts";

const GOOD = `---
quarter: 2025Q3
published: 2025-10-15
---
# PAU Q3

## Context
Clashes continued in the **north**.
Displacement rose.

- access: <b>constrained</b>

## Risks
### gbv
Survivors report violence.
### explosive_ordnance
New contamination.

## Recommendations
- authorities | attacks_on_civilians, movement_displacement | in progress | Withdraw armed elements from sites.
- HC/HCT | gbv | done | Advocate for GBV services.
- donors | gbv | not started | Fund mobile teams | with a pipe in the text.

## Methodology
SAG ratings.
`;

describe("PAU narrative files", () => {
  it("reads context, per-risk text, recommendations and methodology as plain text", () => {
    const n = parseNarrative(GOOD, "2025Q3");
    expect(n.problems).toEqual([]);
    expect(n.published).toBe("2025-10-15");
    expect(n.context).toEqual([
      { kind: "p", text: "Clashes continued in the north. Displacement rose." },
      { kind: "li", text: "access: constrained" }
    ]);
    expect(Object.keys(n.risks)).toEqual(["gbv", "explosive_ordnance"]);
    expect(n.risks.gbv).toEqual([{ kind: "p", text: "Survivors report violence." }]);
    expect(n.recommendations).toEqual([
      { addressee: "authorities", risks: ["attacks_on_civilians", "movement_displacement"], status: "in_progress", text: "Withdraw armed elements from sites." },
      { addressee: "hc_hct", risks: ["gbv"], status: "done", text: "Advocate for GBV services." },
      { addressee: "donors", risks: ["gbv"], status: "not_started", text: "Fund mobile teams | with a pipe in the text." }
    ]);
    expect(n.methodology).toEqual([{ kind: "p", text: "SAG ratings." }]);
  });

  it("reports broken Markdown and unknown keys precisely and keeps the rest", () => {
    const broken = `---
quarter: 2025Q2
## Context
text`;
    expect(parseNarrative(broken, "2025Q3").problems[0]).toBe("2025Q3.md: front matter opened on line 1 is never closed with ---; read as text");
    const n = parseNarrative(
      `## Context
Fine.
## Threats
Orphan text.
## Risks
### food_insecurity
Not a GPC risk.
### gbv
Kept.
## Recommendations
- ministers | gbv | done | Unknown addressee.
- hc_hct | gbv, famine | soon | Kept without famine.
- just a sentence
\`\`\`
never closed
`,
      "2025Q3"
    );
    expect(n.problems).toEqual([
      "2025Q3.md line 3: unknown section '## Threats' (expected Context, Risks, Recommendations or Methodology); ignored",
      "2025Q3.md line 4: text outside any known section; ignored",
      expect.stringMatching(/^2025Q3\.md line 6: unknown risk key 'food_insecurity' \(expected one of abduction_detention, /),
      "2025Q3.md line 7: text outside any known section; ignored",
      "2025Q3.md line 11: unknown addressee 'ministers' (expected authorities, hc_hct, humanitarian_actors, donors or other)",
      "2025Q3.md line 12: unknown risk key 'famine'; the recommendation is kept without it",
      "2025Q3.md line 12: unknown status 'soon' (expected not started, in progress or done); shown as not stated",
      "2025Q3.md line 13: a recommendation needs 4 parts separated by '|' (addressee | risk keys | status | text), found 1",
      "2025Q3.md line 14: code block opened with ``` is never closed; the rest of the file is ignored"
    ]);
    expect(n.context).toEqual([{ kind: "p", text: "Fine." }]);
    expect(Object.keys(n.risks)).toEqual(["gbv"]);
    expect(n.recommendations).toEqual([{ addressee: "hc_hct", risks: ["gbv"], status: null, text: "Kept without famine." }]);
  });

  it("treats a missing file as missing, not as an error", () => {
    const n = readNarrative("/nonexistent-folder", "2025Q1");
    expect(n).toMatchObject({ found: false, problems: [], context: [], recommendations: [] });
  });
});
