// SPDX-License-Identifier: GPL-2.0
/*
 * counter_client.c - a client of the sample kext's counter (module
 * xnu_sample_kobject): the user stubs xmig generated from the same
 * counter.defs the kext's server comes from. counter_add() and
 * counter_get() run in this thread, in the kernel, and return the value;
 * counter_mix() and counter_stall() are one-way messages the kext's worker
 * serves while this program goes on.
 *
 *	counter_client [delta]		(default 1)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <mach/mach.h>
#include <mach/mach_error.h>
#include <servers/bootstrap.h>

#include "example_types.h"
#include "counter.h"

static int check(const char *what, kern_return_t kr)
{
	if (kr == KERN_SUCCESS)
		return 0;
	fprintf(stderr, "counter_client: %s: %s (%#x)\n", what,
		mach_error_string(kr), kr);
	return 1;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	int delta = argc > 1 ? atoi(argv[1]) : 1;
	mach_port_t counter = MACH_PORT_NULL;
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int value = 0, before = 0, tries;
	double t0, sent;

	if (check(COUNTER_SERVICE " (is xnu_sample_kobject loaded?)",
		  bootstrap_look_up(bootstrap_port, COUNTER_SERVICE, &counter)))
		return 1;
	if (check("counter_add", counter_add(counter, delta, &value)))
		return 1;
	printf("counter_add(%d) = %d\n", delta, value);

	/* A slow one-way request, then a mix queued behind it. */
	before = value;
	t0 = now_ms();
	if (check("counter_stall", counter_stall(counter, 200)) ||
	    check("counter_mix", counter_mix(counter, 7)))
		return 1;
	sent = now_ms() - t0;
	printf("counter_stall(200 ms) + counter_mix(7) sent in %.3f ms\n", sent);
	for (tries = 0; tries < 100; tries++) {
		if (check("counter_get", counter_get(counter, &value)))
			return 1;
		if (value != before)
			break;
		nanosleep(&pause, NULL);
	}
	printf("counter_get() = %d after %.0f ms (%d * 31 + 7 = %d)\n", value,
	       now_ms() - t0, before, (int)((unsigned int)before * 31 + 7));
	return value == (int)((unsigned int)before * 31 + 7) ? 0 : 1;
}
