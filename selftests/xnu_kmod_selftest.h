/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_kmod_selftest.h - loading the test modules and sample kexts a
 * selftest drives (finit_module(2), delete_module(2)), finding their .ko
 * (an environment variable, or where the test VM installs it), and leaving
 * a module as the program found it: a program that loaded it unloads it
 * when its main process exits.
 */
#ifndef XNU_KMOD_SELFTEST_H
#define XNU_KMOD_SELFTEST_H

#include <limits.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "xnu_selftest.h"

/*
 * Where module @mod's .ko is: $@env when @env is not NULL and that is set
 * and not empty, else /lib/modules/$(uname -r)/extra/@mod.ko.
 */
static inline void xnu_kmod_path(const char *mod, const char *env,
				 char *buf, size_t len)
{
	const char *val = env ? getenv(env) : NULL;
	struct utsname u;

	if (val && *val)
		snprintf(buf, len, "%s", val);
	else if (uname(&u))
		snprintf(buf, len, "/nonexistent");
	else
		snprintf(buf, len, "/lib/modules/%s/extra/%s.ko", u.release,
			 mod);
}

static inline int xnu_kmod_loaded(const char *mod)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s", mod);
	return access(path, F_OK) == 0;
}

/* finit_module(2) of the file @ko, without parameters; 0 or errno. */
static inline int xnu_kmod_finit(const char *ko)
{
	int fd, err = 0;

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (syscall(SYS_finit_module, fd, "", 0))
		err = errno;
	close(fd);
	return err;
}

/* finit_module(2) of module @mod's .ko (xnu_kmod_path()); 0 or errno. */
static inline int xnu_kmod_load(const char *mod, const char *env)
{
	char ko[PATH_MAX];

	xnu_kmod_path(mod, env, ko, sizeof(ko));
	return xnu_kmod_finit(ko);
}

/* delete_module(2) as rmmod does it; 0 or errno. */
static inline int xnu_kmod_unload(const char *mod)
{
	return syscall(SYS_delete_module, mod, O_NONBLOCK) ? errno : 0;
}

/* What xnu_kmod_keep() noted: the module, the main process, its state. */
static const char *xnu_kmod_kept;
static pid_t xnu_kmod_main_pid;
static int xnu_kmod_was_loaded;

/* At exit: unload the kept module if this program (its main process) loaded it. */
static inline void xnu_kmod_restore(void)
{
	if (getpid() != xnu_kmod_main_pid || xnu_kmod_was_loaded ||
	    !xnu_kmod_loaded(xnu_kmod_kept))
		return;
	xnu_kmod_unload(xnu_kmod_kept);
}

/*
 * Leave module @mod as the program found it: note now (in the main
 * process) whether it is loaded, and at exit unload it when it was not.
 * Returns whether it was loaded. One module per program.
 */
static inline int xnu_kmod_keep(const char *mod)
{
	xnu_kmod_kept = mod;
	xnu_kmod_main_pid = getpid();
	xnu_kmod_was_loaded = xnu_kmod_loaded(mod);
	atexit(xnu_kmod_restore);
	return xnu_kmod_was_loaded;
}

/*
 * For main(): keep module @mod (xnu_kmod_keep()) and load it when it is
 * not loaded, saying so when that fails (its tests then skip).
 */
static inline void xnu_kmod_need(const char *mod, const char *env)
{
	char ko[PATH_MAX];
	int err;

	if (xnu_kmod_keep(mod))
		return;
	err = xnu_kmod_load(mod, env);
	if (err) {
		xnu_kmod_path(mod, env, ko, sizeof(ko));
		ksft_print_msg("cannot load %s: %s\n", ko, strerror(err));
	}
}

#endif /* XNU_KMOD_SELFTEST_H */
