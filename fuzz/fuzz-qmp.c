/*
 * Fuzz the QMP reader: each input is what a QEMU might send on its QMP
 * socket, fed through a socketpair to vg_qmp_read() message by message.
 * Every message is either parsed into one of the four kinds or refused
 * with a reason; nothing may crash, hang (a short deadline) or leak.
 *
 *   clang -fsanitize=fuzzer,address -Isrc fuzz/fuzz-qmp.c build/libvg.a ...
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "migrate/qmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_qmp q = VG_QMP_INIT("the fuzzed QEMU");
	struct vg_why why;
	enum vg_qmp_kind kind;
	cJSON *msg;
	int sv[2], n = 0;

	/* Inputs over the socket buffer would need a writer thread: cut them. */
	if (size > 65536)
		size = 65536;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		abort();
	if (size && write(sv[1], data, size) != (ssize_t)size)
		abort();
	close(sv[1]);
	vg_qmp_attach(&q, sv[0]);
	for (;;) {
		why.msg[0] = '\0';
		if (vg_qmp_read(&q, vg_mig_now() + 1, &msg, &kind, &why) < 0) {
			if (!why.msg[0] || msg)
				abort();
			if (q.closed || strstr(why.msg, "timed out") || ++n > 100000)
				break;
			continue;
		}
		if (!msg || kind > VG_QMP_EVENT)
			abort();
		cJSON_Delete(msg);
	}
	vg_qmp_release(&q);
	return 0;
}
