/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mach_error.h - text for Mach error codes: mach_error_string()
 * ("(os/kern) invalid argument", "(ipc/send) invalid destination port",
 * "(ipc/mig) bad request message ID", ...), mach_error_type() (the
 * "(system/subsystem)" part) and mach_error(), which prints a message and
 * the error's text on stderr. The strings are Darwin's. Codes of systems
 * Darwin describes with tables this library does not carry (iokit,
 * libkern, the Unix errno subsystem) read "unknown error code"; where
 * Darwin returns NULL for an unused system, this library returns
 * "(?/?) unknown error system".
 */
#ifndef _XNUCROSS_MACH_MACH_ERROR_H_
#define _XNUCROSS_MACH_MACH_ERROR_H_

#include <mach/error.h>

#ifdef __cplusplus
extern "C" {
#endif

char *mach_error_string(mach_error_t error_value);
void mach_error(const char *str, mach_error_t error_value);
char *mach_error_type(mach_error_t error_value);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_MACH_ERROR_H_ */
