/*
 * Run from a rofs image by tests/guest/disk_bus.test: prints the image's
 * /data/which (the test writes the bus's name there, so the line proves
 * the program came from that disk); given a device name, writes a
 * marker at the start of /dev/NAME and reads it back.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char marker[] = "written by disk_bus_app";

static int write_marker(const char *name)
{
	char path[64], back[sizeof(marker)];
	snprintf(path, sizeof(path), "/dev/%s", name);
	int fd = open(path, O_RDWR);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	char block[512] = {0};
	memcpy(block, marker, sizeof(marker));
	int ok =
	    pwrite(fd, block, sizeof(block), 0) == (ssize_t)sizeof(block) &&
	    fsync(fd) == 0 &&
	    pread(fd, back, sizeof(back), 0) == (ssize_t)sizeof(back) &&
	    memcmp(back, marker, sizeof(marker)) == 0;
	close(fd);
	printf("%s: marker %s\n", path, ok ? "written" : "FAILED");
	return !ok;
}

int main(int argc, char **argv)
{
	char which[64] = {0};
	FILE *f = fopen("/data/which", "r");
	if (!f || !fgets(which, sizeof(which), f)) {
		perror("/data/which");
		return 1;
	}
	fclose(f);
	printf("running from the %s", which);
	return argc > 1 ? write_marker(argv[1]) : 0;
}
