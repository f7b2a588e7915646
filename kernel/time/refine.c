/*
 * Whether an RTC measurement of the TSC's rate replaces the clock's.
 *
 * The RTC's update interrupts come at exact seconds, so the cycles
 * between two of them over a span of seconds give the rate with an
 * error of the interrupts' latencies over the span.  A host that stalls
 * the virtual CPU delays one by tens of ms: an estimate more than 0.5%
 * away from the clock's rate is refused as such a glitch.  But the
 * clock's rate may itself be the wrong one (the PIT's window is a
 * millisecond wide): two successive estimates that agree with each
 * other and not with it, spans of seconds against a millisecond, win.
 * A late first edge cannot fake that agreement: it moves the estimate
 * over n seconds twice as much as the one over 2n (the spans double),
 * so the two agree within 0.5% only when the later is off by 0.5% or
 * less.
 *
 * Pure code, so that the host tests feed it estimates.
 */
#include "time_impl.h"

#define REFINE_TOLERANCE 200 /* within 1/200 = 0.5% */

static bool close_enough(uint64_t hz, uint64_t ref)
{
	uint64_t diff = hz > ref ? hz - ref : ref - hz;
	return diff <= ref / REFINE_TOLERANCE;
}

bool refinement_accepted(uint64_t hz, uint64_t current, uint64_t *refused)
{
	bool agrees = close_enough(hz, current) ||
		      (*refused && close_enough(hz, *refused));
	*refused = agrees ? 0 : hz;
	return agrees;
}
