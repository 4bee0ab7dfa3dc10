/*
 * vmstate-gate migrate --src OLD_QEMU --dst NEW_QEMU -M MACHINE --device SPEC...
 *
 * Confirms by a real migration: each device alone, between two QEMU
 * binaries, with the controls NEW -> NEW and OLD -> OLD first.
 */
#include "cli/cmds.h"
#include "cli/migrate-opts.h"
#include "cli/options.h"
#include "core/exitcode.h"
#include "core/util.h"
#include "migrate/migrate.h"
#include "migrate/proc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const vg_formats_migrate[] = { "text", "json", "junit", NULL };

int vg_opt_uint_cb(const struct vg_option *opt, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || v < 1 || v > 1000 || *arg == '-') {
		fprintf(stderr, "vmstate-gate: --%s wants a whole number from 1 to 1000, not '%s'\n",
			opt->long_name, arg);
		return VG_OPT_CB_USAGE;
	}
	*(unsigned *)opt->value = (unsigned)v;
	return VG_OPT_CB_OK;
}

int vg_opt_seconds_cb(const struct vg_option *opt, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (!*arg || *end || errno || !(v > 0 && v <= 86400)) {
		fprintf(stderr, "vmstate-gate: --%s wants seconds (more than 0, at most 86400), "
			"not '%s'\n", opt->long_name, arg);
		return VG_OPT_CB_USAGE;
	}
	*(double *)opt->value = v;
	return VG_OPT_CB_OK;
}

int vg_opt_qemu_ok(const char *what, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || access(path, X_OK) < 0) {
		fprintf(stderr, "vmstate-gate: %s '%s' is not an executable file%s%s\n", what,
			path, errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	return 0;
}

static int device_cb(const struct vg_option *opt, const char *arg)
{
	if (!*arg) {
		fprintf(stderr, "vmstate-gate: --device wants a -device SPEC, not ''\n");
		return VG_OPT_CB_USAGE;
	}
	return vg_mig_set_add(opt->value, arg, NULL) ? VG_OPT_CB_OK : VG_OPT_CB_INTERNAL;
}

/* --all-devices: add every user-creatable type of the machine not given already. */
static int add_all_devices(const struct vg_mig_opts *opts, struct vg_mig_session *s,
			   struct vg_mig_set *set)
{
	char **types = NULL, *why = NULL;
	size_t nr = 0, i, j;
	int ret = -1;

	if (vg_mig_list_devices(opts, s, opts->dst_qemu, &types, &nr, &why) < 0) {
		if (why)
			vg_error("migrate: cannot list the devices of machine %s: %s",
				 opts->machine, why);
		goto done;
	}
	for (i = 0; i < nr; i++) {
		for (j = 0; j < set->nr; j++)
			if (!strcmp(set->items[j].spec, types[i]))
				break;
		if (j == set->nr && !vg_mig_set_add(set, types[i], NULL))
			goto done;
	}
	if (!opts->quiet)
		fprintf(stderr, "migrate: machine %s has %zu user-creatable device types\n",
			opts->machine, nr);
	ret = 0;
done:
	for (i = 0; i < nr; i++)
		free(types[i]);
	free(types);
	free(why);
	return ret;
}

static int verdict_exit(const struct vg_mig_set *set)
{
	size_t c[5];

	vg_mig_count(set, c);
	if (c[VG_MIG_FAIL])
		return VG_EXIT_BREAKS;
	if (!c[VG_MIG_PASS]) {
		fprintf(stderr, "vmstate-gate: migrate: no device was migrated across the "
			"versions (%zu not testable, %zu unmigratable): nothing was tested, "
			"which is not a pass\n", c[VG_MIG_NOT_TESTABLE], c[VG_MIG_UNMIGRATABLE]);
		return VG_EXIT_INTERNAL;
	}
	return VG_EXIT_OK;
}

static enum vg_mig_format mig_format(enum vg_format f)
{
	return f == VG_FORMAT_JSON ? VG_MIG_JSON : f == VG_FORMAT_JUNIT ? VG_MIG_JUNIT :
		VG_MIG_TEXT;
}

static const char *const migrate_synopsis[] = {
	"migrate --src OLD_QEMU --dst NEW_QEMU -M MACHINE (--device SPEC... | --all-devices)",
	NULL,
};

int cmd_migrate(int argc, char **argv)
{
	struct vg_mig_opts opts = { NULL, NULL, NULL, "tcg", 1, 3, 30, 0 };
	struct vg_mig_set set = VG_MIG_SET_INIT;
	struct vg_mig_session session = { "", 0 };
	struct sigaction old[2];
	enum vg_format fmt = VG_FORMAT_TEXT;
	const char *tmp;
	int all = 0, reverse = 0, quiet = 0, nargs, ret = VG_EXIT_USAGE, caught = 0;
	const struct vg_option options[] = {
		VG_OPT_STRING(0, "src", &opts.src_qemu, "QEMU", "the source binary (OLD)"),
		VG_OPT_STRING(0, "dst", &opts.dst_qemu, "QEMU", "the destination binary (NEW)"),
		VG_OPT_STRING('M', "machine", &opts.machine, "MACHINE",
			      "the machine type both run (pc-q35-7.2, q35, ...)"),
		VG_OPT_CALLBACK(0, "device", &set, "SPEC",
				"a -device argument to migrate alone (repeatable)", device_cb),
		VG_OPT_FLAG(0, "all-devices", &all,
			    "every device a user can create on the machine, alone,\n"
			    "with its default properties"),
		VG_OPT_CALLBACK('j', "jobs", &opts.jobs, "N",
				"migrate N devices at once (default 1)", vg_opt_uint_cb),
		VG_OPT_FLAG('r', "reverse", &reverse, "the other direction: NEW -> OLD"),
		VG_OPT_CALLBACK(0, "repeat", &opts.repeat, "N",
				"cross-version runs once one fails (default 3)", vg_opt_uint_cb),
		VG_OPT_CALLBACK(0, "timeout", &opts.timeout, "S",
				"seconds each step may take: start, QMP, migration\n(default 30)",
				vg_opt_seconds_cb),
		VG_OPT_STRING(0, "accel", &opts.accel, "ACCEL", "QEMU's -accel (default tcg)"),
		VG_OPT_FORMAT(&fmt, vg_formats_migrate),
		VG_OPT_FLAG('q', "quiet", &quiet, "no progress lines on stderr"),
		VG_OPT_END(),
	};
	const struct vg_opt_command cmd = {
		.name = "migrate",
		.synopsis = migrate_synopsis,
		.description =
			"Migrates each device alone from OLD to NEW with the real binaries\n"
			"(-nodefaults -S, QMP over unix sockets in a private directory), after\n"
			"the controls NEW -> NEW and OLD -> OLD. A device that fails its own\n"
			"control is unmigratable; one QEMU cannot create alone is not testable.",
		.options = options,
		.epilogue =
			"exit status: 0 every device tested passed, 1 a cross-version failure,\n"
			"2 usage or input error, 3 internal error or nothing tested;\n"
			"130/143 after SIGINT/SIGTERM (every QEMU killed, the directory removed)",
	};

	if ((nargs = vg_parse_options(&cmd, argc, argv, &ret)) < 0)
		goto done;
	opts.quiet = quiet;
	ret = VG_EXIT_USAGE;
	if (nargs) {
		ret = vg_opt_usage_error(&cmd, "unexpected argument '%s'", argv[0]);
		goto done;
	}
	if (!opts.src_qemu || !opts.dst_qemu || !opts.machine) {
		ret = vg_opt_usage_error(&cmd, "needs --src, --dst and -M");
		goto done;
	}
	if (!set.nr && !all) {
		ret = vg_opt_usage_error(&cmd, "needs --device SPEC or --all-devices");
		goto done;
	}
	if (vg_opt_qemu_ok("--src", opts.src_qemu) < 0 ||
	    vg_opt_qemu_ok("--dst", opts.dst_qemu) < 0)
		goto done;
	if (reverse) {
		tmp = opts.src_qemu;
		opts.src_qemu = opts.dst_qemu;
		opts.dst_qemu = tmp;
	}
	ret = VG_EXIT_INTERNAL;
	vg_mig_signals_catch(old);
	caught = 1;
	if (vg_mig_session_begin(&session) < 0)
		goto done;
	if (all && add_all_devices(&opts, &session, &set) < 0)
		goto done;
	if (vg_mig_run(&opts, &session, &set) < 0)
		goto done;
	vg_mig_session_end(&session);
	if (vg_mig_write(stdout, mig_format(fmt), &set, &opts) < 0)
		goto done;
	ret = verdict_exit(&set);
done:
	vg_mig_session_end(&session);
	if (caught) {
		vg_mig_signals_restore(old);
		if (vg_mig_stop) {
			fprintf(stderr, "vmstate-gate: migrate: interrupted by signal %d; every "
				"QEMU it started is gone\n", (int)vg_mig_stop);
			ret = 128 + vg_mig_stop;
		}
	}
	vg_mig_set_release(&set);
	return ret;
}
