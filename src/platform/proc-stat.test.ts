import { describe, expect, it } from "vitest";
import { parseProcStatStart } from "./proc-stat.ts";

/**
 * A realistic 52-field /proc/<pid>/stat line (Linux 5.x/6.x): pid, (comm), state, then fields 4..52
 * as recorded from a real `cat` process, with field 22 (starttime) replaced by `start`.
 */
function statLine(pid: number, comm: string, start: string, state = "S"): string {
  // Fields 4..21, then 22 (starttime), then 23..52 (recorded values).
  const before = ["6019", "6019", "3695", "0", "-1", "4194304", "97", "0", "0", "0", "0", "0", "0", "0", "20", "0", "1", "0"];
  const after = [
    "3133440", "381", "18446744073709551615", "94552697556992", "94552697576873", "140721711546272", "0", "0", "0", "0", "0", "0",
    "0", "0", "0", "17", "1", "0", "0", "0", "0", "0", "94552697592880", "94552697594496", "94553151254528", "140721711549144",
    "140721711549164", "140721711549164", "140721711550443", "0",
  ];
  return [String(pid), `(${comm})`, state, ...before, start, ...after].join(" ") + "\n";
}

describe("statLine (the fixture builder)", () => {
  it("builds 52 fields with starttime as field 22", () => {
    const fields = statLine(1234, "cat", "80728").trim().split(" ");
    expect(fields).toHaveLength(52);
    expect(fields[21]).toBe("80728");
  });
});

describe("parseProcStatStart", () => {
  it.each([
    [
      "recorded: cat on Linux 6.x",
      "6027 (cat) R 6019 6019 3695 0 -1 4194304 97 0 0 0 0 0 0 0 20 0 1 0 80728 3133440 381 18446744073709551615 94552697556992 94552697576873 140721711546272 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94552697592880 94552697594496 94553151254528 140721711549144 140721711549164 140721711549164 140721711550443 0\n",
      "80728",
    ],
    [
      "recorded: pid 1 of a container",
      "1 (process_api) S 0 0 0 0 -1 4194560 20160 359734 0 253 38 87 892 460 10 -10 11 0 14 34607104 2069 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
      "14",
    ],
    [
      "a kernel thread (kthreadd shape, starts at tick 3)",
      "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 34 0 0 20 0 1 0 3 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
      "3",
    ],
    ["simple comm", statLine(1234, "node", "98765"), "98765"],
    ["comm with a space", statLine(1234, "tmux: server", "98765"), "98765"],
    ["comm with spaces and ')'", statLine(1234, "my (weird) proc", "98765"), "98765"],
    ["comm that is '(sd-pam)'", statLine(1234, "(sd-pam)", "4242"), "4242"],
    ["comm ending in ')'", statLine(1234, "a)", "4242"), "4242"],
    ["comm that looks like fields", statLine(1234, "x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19", "777"), "777"],
    ["empty comm", statLine(1234, "", "777"), "777"],
    ["zombie", statLine(1234, "defunct", "5", "Z"), "5"],
    ["starttime beyond 2^53 is kept as written", statLine(1234, "node", "18446744073709551615"), "18446744073709551615"],
    ["no trailing newline", statLine(1234, "node", "98765").trimEnd(), "98765"],
  ])("%s", (_name, line, expected) => {
    expect(parseProcStatStart(line)).toBe(expected);
  });

  const full = statLine(1234, "node", "98765");
  it.each([
    ["empty", ""],
    ["no ')'", "1234 node S 1 1234"],
    ["truncated before field 22", full.split(" ").slice(0, 21).join(" ")],
    ["cut right after comm", "1234 (node)"],
    ["starttime not a number", statLine(1234, "node", "abc")],
    ["starttime negative", statLine(1234, "node", "-5")],
    ["starttime with a fraction", statLine(1234, "node", "1.5")],
  ])("%s → undefined", (_name, line) => {
    expect(parseProcStatStart(line)).toBeUndefined();
  });
});
