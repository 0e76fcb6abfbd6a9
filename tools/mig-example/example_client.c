// SPDX-License-Identifier: GPL-2.0
/*
 * example_client.c - a client of example.defs: finds the server with
 * bootstrap_look_up() and calls its routines through the user stubs xmig
 * generated (exampleUser.c), as any function.
 *
 *	example_client [service-name]	(default org.xnucross.example)
 */
#include <stdio.h>
#include <string.h>

#include <mach/mach.h>
#include <mach/mach_error.h>
#include <servers/bootstrap.h>

#include "example_types.h"
#include "example.h"

static int check(const char *what, kern_return_t kr)
{
	if (kr == KERN_SUCCESS)
		return 0;
	fprintf(stderr, "example_client: %s: %s (%#x)\n", what,
		mach_error_string(kr), kr);
	return 1;
}

int main(int argc, char **argv)
{
	const char *service = argc > 1 ? argv[1] : EXAMPLE_SERVICE;
	mach_msg_type_number_t i, count = 16;
	mach_port_t server = MACH_PORT_NULL;
	/* A c_string argument is a char[64] in the prototype: pass one. */
	example_name_t text = "hello, mig", upper;
	example_ints_t squares;
	int sum = 0, ptype = 0, last = 0, notes = 0;

	if (check(service, bootstrap_look_up(bootstrap_port, service, &server)))
		return 1;
	if (check("example_add", example_add(server, 40, 2, &sum)))
		return 1;
	printf("example_add(40, 2) = %d\n", sum);
	if (check("example_upper", example_upper(server, text, upper)))
		return 1;
	printf("example_upper(\"%s\") = \"%s\"\n", text, upper);
	if (check("example_squares", example_squares(server, 5, squares, &count)))
		return 1;
	printf("example_squares(5) =");
	for (i = 0; i < count; i++)
		printf(" %d", squares[i]);
	printf("\n");
	/* Our own send right to the server, copied into the request. */
	if (check("example_port_type", example_port_type(server, server, &ptype)))
		return 1;
	printf("example_port_type(server) = %#x (in the server's space)\n",
	       ptype);
	/* One-way: example_note() returns once the message is queued. */
	for (i = 1; i <= 3; i++)
		if (check("example_note", example_note(server, (int)i * 100)))
			return 1;
	if (check("example_last", example_last(server, &last, &notes)))
		return 1;
	printf("example_last() = %d after %d notes\n", last, notes);
	return 0;
}
