// SPDX-License-Identifier: GPL-2.0
/*
 * example_daemon.c - the server program of example.defs (hand-written; the
 * MIG demux it runs is generated at build time): checks a name in with the
 * name service and serves the routines of example_routines.c on it.
 *
 *	example_server [service-name]	(default org.xnucross.example)
 */
#include <stdio.h>

#include <mach/mach.h>
#include <mach/mach_error.h>

#include "example_types.h"
#include "example_routines.h"

int main(int argc, char **argv)
{
	const char *service = argc > 1 ? argv[1] : EXAMPLE_SERVICE;
	kern_return_t kr;

	kr = example_serve(service);
	fprintf(stderr, "example_server: %s: %s\n", service,
		mach_error_string(kr));
	return 1;
}
