// SPDX-License-Identifier: GPL-2.0
/*
 * xnuinfo - print what the xnucross kernel module answers in the handshake.
 *
 * Opens /dev/xnucross through libxnucross (which makes the API handshake)
 * and prints the module's version string, its kernel API version, the API
 * version the library was built for, the number of trap numbers the module
 * knows and its feature bits by name.
 *
 * Usage: xnuinfo [-q] [-h]
 *   -q  quiet: print nothing, only the exit status tells
 *   -h  this help
 *
 * Exit status: 0 when the module answered, 1 when it cannot be reached
 * (libxnucross's message says why), 2 on a usage error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libxnucross.h"

/* Names of the XNU_FEAT_* bits; later subsystems add theirs here. */
static const struct {
	uint64_t bit;
	const char *name;
} features[] = {
	{ XNU_FEAT_TRAPS, "traps" },
	{ XNU_FEAT_SYSCTL, "sysctl" },
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-q] [-h]\n"
		"Print the xnucross module's handshake answer.\n"
		"  -q  quiet: print nothing, exit 0 if the module answers, 1 if not\n"
		"  -h  this help\n", prog);
}

static void print_features(uint64_t feat)
{
	uint64_t known = 0;
	size_t i;
	int bit;

	printf("features:      %#" PRIx64, feat);
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		known |= features[i].bit;
		if (feat & features[i].bit)
			printf(" %s", features[i].name);
	}
	for (bit = 0; bit < 64; bit++)
		if ((feat & ~known) & (1ULL << bit))
			printf(" bit%d", bit);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct xnucross_info info;
	int quiet = 0;
	int opt;

	while ((opt = getopt(argc, argv, "hq")) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		case 'q':
			quiet = 1;
			break;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr, argv[0]);
		return 2;
	}

	/*
	 * The library would print its message on stderr itself; silence it
	 * and print the same message here, once, or not at all with -q.
	 */
	setenv("XNUCROSS_QUIET", "1", 1);

	if (xnucross_info(&info) < 0) {
		const char *msg = xnucross_strerror();

		if (!quiet)
			fprintf(stderr, "xnuinfo: %s\n",
				*msg ? msg : strerror(errno));
		return 1;
	}
	if (quiet)
		return 0;

	printf("module:        xnucross %s\n", info.version);
	printf("kernel API:    %u.%u\n", XNU_API_VERSION_MAJOR(info.kernel_api),
	       XNU_API_VERSION_MINOR(info.kernel_api));
	printf("library API:   %u.%u\n", XNU_API_VERSION_MAJOR(info.user_api),
	       XNU_API_VERSION_MINOR(info.user_api));
	printf("traps:         %u\n", info.trap_count);
	print_features(info.features);
	return 0;
}
