/*
 * Test fixture plugin for the Emporium plugin host: Crashing.
 *
 * `call` writes through a NULL pointer (SIGSEGV). Only safe to load in an isolated (out-of-process) host.
 * Its only export is `emporium_plugin_entry_v1`. Never configure it in a real deployment.
 */
#ifndef EMPORIUM_FIXTURE_CRASHING_H
#define EMPORIUM_FIXTURE_CRASHING_H
#endif
