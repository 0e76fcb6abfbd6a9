/* SPDX-License-Identifier: GPL-2.0 */
/*
 * example_routines.h - the example server's entry point, shared by
 * example_daemon.c and the selftest that runs the server in a child.
 */
#ifndef XNU_MIG_EXAMPLE_ROUTINES_H
#define XNU_MIG_EXAMPLE_ROUTINES_H

#include <mach/mach.h>

/*
 * Check @service in with the name service and serve example.defs on it
 * with mach_msg_server() until that fails. Returns the failure, or the
 * bootstrap_check_in() error.
 */
kern_return_t example_serve(const char *service);

/* Serve example.defs on the receive right @port until mach_msg_server() fails. */
mach_msg_return_t example_serve_port(mach_port_t port);

#endif /* XNU_MIG_EXAMPLE_ROUTINES_H */
