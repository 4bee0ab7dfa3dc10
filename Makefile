# vmstate-gate
#
#   make                 build ./vmstate-gate
#   make check           install missing Debian packages, build (also with
#                        ASan+UBSan) and run every test; ends "N passed, N failed"
#   make bench           time the comparator, the scanner and the git gate
#   make install         PREFIX=/usr/local DESTDIR= ; make uninstall
#   make demo            the README demo on built-in data
#   V=1                  show the commands

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/vmstate-gate
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
BUILD ?= build
PKGS = libgit2 libcjson libpcre2-8

ifeq ($(V),1)
Q =
else
Q = @
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libgit2 is not linked but loaded by src/repo-git.c on first use (it brings
# some twenty libraries that compare and scan never need); it opens the
# shared object this build's <git2.h> belongs to.
PKG_LIBS := $(shell pkg-config --libs libcjson libpcre2-8 2>/dev/null) -ldl -lpthread
GIT2_LIBDIR := $(shell pkg-config --variable=libdir libgit2 2>/dev/null)
GIT2_SONAME := $(shell objdump -p $(GIT2_LIBDIR)/libgit2.so 2>/dev/null | sed -n 's/^ *SONAME *//p')

VG_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	-DVG_DATADIR='"$(DATADIR)"' -Isrc $(PKG_CFLAGS) $(CFLAGS)

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
LIB := $(BUILD)/libvg.a
BIN := $(BUILD)/vmstate-gate
UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
FUZZ_SRC := $(wildcard fuzz/fuzz-*.c)
FUZZ_BIN := $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
HEADERS := $(wildcard src/*.h)

.PHONY: all deps check check-build bench install uninstall clean demo

all: vmstate-gate

vmstate-gate: $(BIN)
	$(Q)cp $(BIN) $@

$(BUILD)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VG_CFLAGS) -c -o $@ $<

# rules.c compiles DATADIR in: rebuild it when PREFIX/DATADIR change, so
# that `make && make install PREFIX=...` installs a binary that finds its rules.
DATADIR_STAMP := $(BUILD)/datadir.stamp
$(shell mkdir -p $(BUILD) && (echo '$(DATADIR)' | cmp -s - $(DATADIR_STAMP) || echo '$(DATADIR)' >$(DATADIR_STAMP)))
$(BUILD)/obj/rules.o: $(DATADIR_STAMP)
$(BUILD)/obj/repo-git.o: VG_CFLAGS += -DVG_GIT2_SONAME='"$(or $(GIT2_SONAME),libgit2.so)"'

$(LIB): $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(VG_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(HEADERS) tests/unit/unit.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VG_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(PKG_LIBS) -lcmocka

# Fuzz harnesses are built with every check so they never rot; their
# standalone driver replays fuzz/corpus/ as a plain test.
$(BUILD)/fuzz/%: fuzz/%.c fuzz/driver.c $(LIB) $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VG_CFLAGS) -o $@ $< fuzz/driver.c $(LIB) $(PKG_LIBS)

deps:
	$(Q)sh tools/deps.sh

check-build: $(BIN) $(UNIT_BIN) $(FUZZ_BIN)

ASAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# The binary only, for tests/t/t0910-threads.sh (compare and diff-source use threads).
TSAN_CFLAGS = -O1 -g -fsanitize=thread

check: deps
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)$(MAKE) --no-print-directory check-build BUILD=build-asan CFLAGS="$(ASAN_CFLAGS)"
	$(Q)$(MAKE) --no-print-directory build-tsan/vmstate-gate BUILD=build-tsan CFLAGS="$(TSAN_CFLAGS)"
	$(Q)sh tests/run.sh build build-asan

bench: deps
	$(Q)$(MAKE) --no-print-directory $(BIN)
	$(Q)sh bench/run.sh $(BUILD)

demo: deps
	$(Q)$(MAKE) --no-print-directory vmstate-gate
	$(Q)sh tools/demo.sh

install: vmstate-gate
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/hook
	install -m 755 vmstate-gate $(DESTDIR)$(BINDIR)/vmstate-gate
	install -m 644 doc/vmstate-gate.1 $(DESTDIR)$(MANDIR)/man1/vmstate-gate.1
	install -m 644 rules/* $(DESTDIR)$(DATADIR)/rules/
	install -m 755 hook/* $(DESTDIR)$(DATADIR)/hook/
	install -m 755 install.sh $(DESTDIR)$(DATADIR)/install.sh

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vmstate-gate $(DESTDIR)$(MANDIR)/man1/vmstate-gate.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-tsan vmstate-gate
