// SPDX-License-Identifier: GPL-2.0
/*
 * example_routines.c - the routines of example.defs, as the server process
 * implements them: xmig's generated demux (exampleServer.c) checks each
 * request, calls the routine named with the ServerPrefix (do_...) and
 * builds the reply; mach_msg_server() receives the requests and sends the
 * replies.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mach/mach.h>
#include <servers/bootstrap.h>

#include "example_types.h"
#include "exampleServer.h"
#include "example_routines.h"

/* What example_note() left (one server thread: no lock needed). */
static int last_note;
static int notes;

kern_return_t do_example_add(mach_port_t server, int a, int b, int *sum)
{
	*sum = (int)((unsigned int)a + (unsigned int)b);
	return KERN_SUCCESS;
}

kern_return_t do_example_upper(mach_port_t server, example_name_t text,
			       example_name_t upper)
{
	size_t i;

	/* The stub checked that text is terminated within its 64 bytes. */
	for (i = 0; i < sizeof(example_name_t) - 1 && text[i]; i++)
		upper[i] = (char)toupper((unsigned char)text[i]);
	upper[i] = '\0';
	return KERN_SUCCESS;
}

/*
 * CountInOut: *squaresCnt comes in as the room the caller has (the server
 * stub already cut it to the 16 the reply holds) and goes out as the
 * count filled.
 */
kern_return_t do_example_squares(mach_port_t server, int n,
				 example_ints_t squares,
				 mach_msg_type_number_t *squaresCnt)
{
	mach_msg_type_number_t i, count;

	if (n < 0)
		return KERN_INVALID_ARGUMENT;
	count = (mach_msg_type_number_t)n < *squaresCnt ?
		(mach_msg_type_number_t)n : *squaresCnt;
	for (i = 0; i < count; i++)
		squares[i] = (int)((i + 1) * (i + 1));
	*squaresCnt = count;
	return KERN_SUCCESS;
}

/*
 * The send right came with the request; a routine that succeeds owns it
 * (MIG releases it only when the routine fails), so it is released here.
 */
kern_return_t do_example_port_type(mach_port_t server, mach_port_t port,
				   int *ptype)
{
	mach_port_type_t type = 0;
	kern_return_t kr;

	kr = mach_port_type(mach_task_self(), port, &type);
	if (kr != KERN_SUCCESS)
		return kr;
	*ptype = (int)type;
	mach_port_deallocate(mach_task_self(), port);
	return KERN_SUCCESS;
}

/* A simpleroutine: its result goes nowhere (there is no reply). */
kern_return_t do_example_note(mach_port_t server, int value)
{
	last_note = value;
	notes++;
	return KERN_SUCCESS;
}

kern_return_t do_example_last(mach_port_t server, int *value, int *count)
{
	*value = last_note;
	*count = notes;
	return KERN_SUCCESS;
}

/*
 * The process dies holding the request: its reply right is destroyed with
 * the process, the client's reply port gets a send-once notification and
 * its stub returns MIG_SERVER_DIED.
 */
kern_return_t do_example_crash(mach_port_t server)
{
	_exit(3);
}

mach_msg_return_t example_serve_port(mach_port_t port)
{
	/* The largest request or reply of the subsystem. */
	return mach_msg_server(example_server, example_subsystem.maxsize,
			       port, 0);
}

kern_return_t example_serve(const char *service)
{
	mach_port_t port = MACH_PORT_NULL;
	kern_return_t kr;

	kr = bootstrap_check_in(bootstrap_port, service, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	return example_serve_port(port);
}
