/*
 * Test fixture plugin for the Emporium plugin host: WrongABIVersion.
 *
 * Declares abi_version 999; otherwise a valid plugin. The host must refuse it before binding any hook.
 * Its only export is `emporium_plugin_entry_v1`. Never configure it in a real deployment.
 */
#ifndef EMPORIUM_FIXTURE_WRONG_ABI_VERSION_H
#define EMPORIUM_FIXTURE_WRONG_ABI_VERSION_H
#endif
