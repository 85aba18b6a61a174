/*
 * The target triple for the plugin's abi_tag, derived from the compiler so that a library built for
 * one platform never claims another. Spelled as Swift spells its targets.
 */
#ifndef EMPORIUM_PLUGIN_TARGET_H
#define EMPORIUM_PLUGIN_TARGET_H

#include <limits.h> /* pulls in glibc's <features.h>, which defines __GLIBC__ */

#if defined(__x86_64__)
#define EMPORIUM_PLUGIN_ARCH "x86_64"
#elif defined(__aarch64__) && defined(__APPLE__)
#define EMPORIUM_PLUGIN_ARCH "arm64"
#elif defined(__aarch64__)
#define EMPORIUM_PLUGIN_ARCH "aarch64"
#else
#error "unsupported architecture: add it to plugin_target.h"
#endif

#if defined(__linux__) && defined(__GLIBC__)
#define EMPORIUM_PLUGIN_TARGET EMPORIUM_PLUGIN_ARCH "-unknown-linux-gnu"
#elif defined(__linux__)
#define EMPORIUM_PLUGIN_TARGET EMPORIUM_PLUGIN_ARCH "-swift-linux-musl"
#elif defined(__APPLE__)
#define EMPORIUM_PLUGIN_TARGET EMPORIUM_PLUGIN_ARCH "-apple-macosx"
#else
#error "unsupported operating system: add it to plugin_target.h"
#endif

#define EMPORIUM_PLUGIN_C_ABI_TAG "abi=1;lang=c;target=" EMPORIUM_PLUGIN_TARGET

#endif /* EMPORIUM_PLUGIN_TARGET_H */
