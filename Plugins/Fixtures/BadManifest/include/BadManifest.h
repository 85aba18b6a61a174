/*
 * Test fixture plugin for the Emporium plugin host: BadManifest.
 *
 * Has an empty id and engine_min "not-a-version"; otherwise a valid plugin. The host must refuse it with a clear error.
 * Its only export is `emporium_plugin_entry_v1`. Never configure it in a real deployment.
 */
#ifndef EMPORIUM_FIXTURE_BAD_MANIFEST_H
#define EMPORIUM_FIXTURE_BAD_MANIFEST_H
#endif
