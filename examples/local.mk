# Example applications, built the way an application developer builds
# them (see pkgconfig/osv.pc.in), against the kernel's link stub.
noinst_DATA += %D%/hello/hello.so
CLEANFILES += %D%/hello/hello.so
EXTRA_DIST += %D%/hello/hello.c

%D%/hello/hello.so: %D%/hello/hello.c sdk/libosv.so
	$(AM_V_GEN)$(MKDIR_P) %D%/hello && $(CC) -shared -fPIC $(CFLAGS) \
		-o $@ $(srcdir)/%D%/hello/hello.c -Lsdk $(OSV_APP_LDFLAGS)

# make run: boots the hello example on this terminal's console.
RUN_MACHINE = microvm
RUN_ARGS = world
run: all
	$(SHELL) sdk/osv-run --kernel kernel/kernel.elf \
		--machine $(RUN_MACHINE) %D%/hello/hello.so $(RUN_ARGS)
.PHONY: run
