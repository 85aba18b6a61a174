// libpq, PostgreSQL's own C client: the engine's pipelined path for the hottest catalog reads
// (see Sources/EmporiumPostgres/PipelinedReader.swift).
#include <libpq-fe.h>
