/* LD_PRELOAD shim for the test Janus: Janus 1.1.2 skips every interface
 * flagged IFF_LOOPBACK while gathering ICE candidates (janus_ice_setup_local
 * in src/ice.c), so a Janus bound to 127.0.0.1 would never offer a loopback
 * candidate. Wrap getifaddrs() and clear IFF_LOOPBACK on "lo" so that, with
 * nat.ice_enforce_list = "127.0.0.1", the only candidate is 127.0.0.1. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

int getifaddrs(struct ifaddrs **ifap)
{
	int (*real)(struct ifaddrs **) = NULL;
	*(void **)&real = dlsym(RTLD_NEXT, "getifaddrs");
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	int rc = real(ifap);
	if (rc != 0 || ifap == NULL)
		return rc;
	for (struct ifaddrs *i = *ifap; i != NULL; i = i->ifa_next) {
		if (i->ifa_name != NULL && strcmp(i->ifa_name, "lo") == 0)
			i->ifa_flags &= ~(unsigned int)IFF_LOOPBACK;
	}
	return rc;
}
