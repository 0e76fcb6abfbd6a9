// SPDX-License-Identifier: GPL-2.0
/*
 * layout_check.c - the generated message structures of the seed routines
 * have the sizes, field offsets and msgh_ids of Apple MIG's output for
 * XNU's .defs (LP64; docs: darwin-mach-ipc.md section 5): checked by the
 * compiler (_Static_assert), and the ids at run time from the generated
 * name maps.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "thread_act.h"
#include "task.h"
#include "mach_port.h"

#define SIZE(t, n)	_Static_assert(sizeof(t) == (n), #t " size")
#define OFF(t, f, n)	_Static_assert(offsetof(t, f) == (n), #t "." #f)

/* The containers every message shares. */
SIZE(mach_msg_header_t, 24);
SIZE(mach_msg_port_descriptor_t, 12);
SIZE(mig_reply_error_t, 36);

/* clock 1000: clock_get_time request 24, reply 44. */
SIZE(__Request__clock_get_time_t, 24);
SIZE(__Reply__clock_get_time_t, 44);
OFF(__Reply__clock_get_time_t, NDR, 24);
OFF(__Reply__clock_get_time_t, RetCode, 32);
OFF(__Reply__clock_get_time_t, cur_time, 36);

/* clock_get_attributes: request 40, reply 44 with one integer. */
SIZE(__Request__clock_get_attributes_t, 40);
OFF(__Request__clock_get_attributes_t, flavor, 32);
OFF(__Request__clock_get_attributes_t, clock_attrCnt, 36);
SIZE(__Reply__clock_get_attributes_t, 44);
OFF(__Reply__clock_get_attributes_t, clock_attrCnt, 36);
OFF(__Reply__clock_get_attributes_t, clock_attr, 40);

/* clock_alarm: a complex request, the reply port first. */
SIZE(__Request__clock_alarm_t, 60);
OFF(__Request__clock_alarm_t, alarm_port, 28);
OFF(__Request__clock_alarm_t, NDR, 40);
OFF(__Request__clock_alarm_t, alarm_time, 52);
SIZE(__Reply__clock_alarm_t, 36);

/* thread_act 3600: thread_policy_set request 40 + 4n (max 104), reply 36. */
SIZE(__Request__thread_policy_set_t, 104);
OFF(__Request__thread_policy_set_t, flavor, 32);
OFF(__Request__thread_policy_set_t, policy_infoCnt, 36);
OFF(__Request__thread_policy_set_t, policy_info, 40);
SIZE(__Reply__thread_policy_set_t, 36);

/* thread_policy_get: request 44, reply 44 + 4n (max 108). */
SIZE(__Request__thread_policy_get_t, 44);
OFF(__Request__thread_policy_get_t, flavor, 32);
OFF(__Request__thread_policy_get_t, policy_infoCnt, 36);
OFF(__Request__thread_policy_get_t, get_default, 40);
SIZE(__Reply__thread_policy_get_t, 108);
OFF(__Reply__thread_policy_get_t, RetCode, 32);
OFF(__Reply__thread_policy_get_t, policy_infoCnt, 36);
OFF(__Reply__thread_policy_get_t, policy_info, 40);
OFF(__Reply__thread_policy_get_t, get_default, 104);
_Static_assert(thread_act_MSG_COUNT == 19, "thread_act ids 3600..3618");

/* task 3400: semaphore_create request 40, complex reply 40. */
SIZE(__Request__semaphore_create_t, 40);
OFF(__Request__semaphore_create_t, policy, 32);
OFF(__Request__semaphore_create_t, value, 36);
SIZE(__Reply__semaphore_create_t, 40);
OFF(__Reply__semaphore_create_t, msgh_body, 24);
OFF(__Reply__semaphore_create_t, semaphore, 28);

/* semaphore_destroy: complex request 40, reply 36. */
SIZE(__Request__semaphore_destroy_t, 40);
OFF(__Request__semaphore_destroy_t, semaphore, 28);
SIZE(__Reply__semaphore_destroy_t, 36);
_Static_assert(task_MSG_COUNT == 20, "task ids 3400..3419");

/* mach_port 3200: mach_port_allocate request 36, reply 40. */
SIZE(__Request__mach_port_allocate_t, 36);
OFF(__Request__mach_port_allocate_t, right, 32);
SIZE(__Reply__mach_port_allocate_t, 40);
OFF(__Reply__mach_port_allocate_t, name, 36);
SIZE(__Request__mach_port_names_t, 24);
SIZE(__Reply__mach_port_names_t, 76);
OFF(__Reply__mach_port_names_t, names, 28);
OFF(__Reply__mach_port_names_t, types, 44);
OFF(__Reply__mach_port_names_t, namesCnt, 68);
SIZE(__Request__mach_port_insert_right_t, 52);
OFF(__Request__mach_port_insert_right_t, poly, 28);
OFF(__Request__mach_port_insert_right_t, name, 48);
SIZE(__Reply__mach_port_extract_right_t, 40);

struct lc_id {
	const char *name;
	int id;
};

static const struct lc_id lc_maps[] = {
	subsystem_to_name_map_clock,
	subsystem_to_name_map_thread_act,
	subsystem_to_name_map_task,
	subsystem_to_name_map_mach_port,
};

static const struct lc_id lc_expected[] = {
	{ "clock_get_time", 1000 }, { "clock_get_attributes", 1001 },
	{ "clock_alarm", 1002 }, { "thread_policy_set", 3617 },
	{ "thread_policy_get", 3618 }, { "semaphore_create", 3418 },
	{ "semaphore_destroy", 3419 }, { "mach_port_names", 3200 },
	{ "mach_port_type", 3201 }, { "mach_port_allocate", 3204 },
	{ "mach_port_destroy", 3205 }, { "mach_port_deallocate", 3206 },
	{ "mach_port_get_refs", 3207 }, { "mach_port_mod_refs", 3208 },
	{ "mach_port_insert_right", 3214 },
	{ "mach_port_extract_right", 3215 },
};

int main(void)
{
	size_t i, j;
	int bad = 0;

	for (i = 0; i < sizeof(lc_expected) / sizeof(lc_expected[0]); i++) {
		for (j = 0; j < sizeof(lc_maps) / sizeof(lc_maps[0]); j++)
			if (!strcmp(lc_maps[j].name, lc_expected[i].name))
				break;
		if (j == sizeof(lc_maps) / sizeof(lc_maps[0]) ||
		    lc_maps[j].id != lc_expected[i].id) {
			fprintf(stderr, "layout_check: %s: wrong or no msgh_id\n",
				lc_expected[i].name);
			bad = 1;
		}
	}
	if (!bad)
		printf("layout_check: ok\n");
	return bad;
}
