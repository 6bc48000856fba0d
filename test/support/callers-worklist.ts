// Test support: the summary of `callers --return-window 2h` over test/fixtures/callers/worklist.ndjson, counted
// by hand in test/report/callers.test.ts (shared by it and the end-to-end test).

/** Eight missed callers (ten missed calls), one missed call without a number; three returns: 1175, 2400, 5400 s. */
export const WORKLIST_SUMMARY_2H = {
  missedCallers: 8,
  missedCalls: 10,
  missedWithoutNumber: 1,
  returned: 3,
  returnedWithin1h: 2,
  medianReturnS: 2400,
  calledAgain: 1,
  attempted: 1,
  open: 1,
  windowNotOver: 2,
};
