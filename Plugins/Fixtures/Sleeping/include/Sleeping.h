/*
 * Test fixture plugin for the Emporium plugin host: Sleeping.
 *
 * `call` sleeps 60 seconds, then answers {"rates":[]}: for deadline tests.
 * Its only export is `emporium_plugin_entry_v1`. Never configure it in a real deployment.
 */
#ifndef EMPORIUM_FIXTURE_SLEEPING_H
#define EMPORIUM_FIXTURE_SLEEPING_H
#endif
