import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private PostgreSQL server run from the system's binaries, for `emporium dev` and integration tests.
///
/// Three files sit next to the data directory `D`: `D.password` (the superuser's password, mode 0600,
/// owned by the calling user), `D.port` (the port picked on the first run, preferred later) and `D.log`
/// (the server log). The server listens on 127.0.0.1, with scram-sha-256 authentication, and on a
/// unix socket inside the data directory (mode 0700, so only the server's user and root can reach
/// it), which ``Connection/url`` prefers: a round trip through it costs both sides less CPU than
/// through loopback TCP. When the process is root, the cluster belongs to and runs as `postgres` (or `nobody`).
///
/// ```swift
/// let postgres = EmbeddedPostgres(options: .init(dataDirectory: ".emporium/postgres"), logger: logger)
/// let connection = try postgres.start()
/// defer { try? postgres.stop() }
/// print(connection.url)
/// ```
public struct EmbeddedPostgres: Sendable {
    /// Where the cluster lives and how to reach it.
    public struct Options: Sendable {
        /// The cluster's folder, created with `initdb` when it holds no cluster. Relative paths use the
        /// current directory.
        public var dataDirectory: String
        /// The TCP port on 127.0.0.1; `nil` picks a free one, and prefers the one from the previous run.
        public var port: Int?
        /// The database created when missing. Default `emporium`.
        public var database: String
        /// The superuser created by `initdb`. Default `emporium`.
        public var user: String
        /// `false` turns off fsync, synchronous commit and full-page writes (and syncing after `initdb`):
        /// much faster, but a machine crash can lose or corrupt data. Tests pass `false`. Default `true`.
        public var fsync: Bool
        /// The folder holding `initdb`, `pg_ctl`, `postgres` and `psql`; `nil` looks on `PATH`, then in
        /// `/usr/lib/postgresql/<version>/bin` (newest first) and other usual places. Default `nil`.
        public var binDirectory: String?
        /// How long `pg_ctl` waits for the server to start or stop, in seconds. Default 60.
        public var timeoutSeconds: Int
        /// The server's `max_connections`; `nil` keeps PostgreSQL's default (100). A test suite that
        /// runs many engines against one server at once needs more. Default `nil`.
        public var maxConnections: Int?

        /// Creates options; see each property for its default.
        public init(
            dataDirectory: String,
            port: Int? = nil,
            database: String = "emporium",
            user: String = "emporium",
            fsync: Bool = true,
            binDirectory: String? = nil,
            timeoutSeconds: Int = 60,
            maxConnections: Int? = nil
        ) {
            self.dataDirectory = dataDirectory
            self.port = port
            self.database = database
            self.user = user
            self.fsync = fsync
            self.binDirectory = binDirectory
            self.timeoutSeconds = timeoutSeconds
            self.maxConnections = maxConnections
        }
    }

    /// How to connect to a started server.
    public struct Connection: Sendable, Hashable {
        /// Always `127.0.0.1`.
        public var host: String
        /// The TCP port.
        public var port: Int
        /// The superuser's name.
        public var user: String
        /// The superuser's password. Never log it.
        public var password: String
        /// The database's name.
        public var database: String
        /// The folder holding the server's unix socket (`.s.PGSQL.<port>`), when it has one.
        public var socketDirectory: String?

        /// Creates a connection description.
        public init(
            host: String = "127.0.0.1", port: Int, user: String, password: String, database: String,
            socketDirectory: String? = nil
        ) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
            self.socketDirectory = socketDirectory
        }

        /// The URL that the engine connects with: ``tcpURL`` plus `&host=<socket directory>` when
        /// the server has a unix socket, which libpq and ``DatabaseURL`` then use instead of TCP.
        /// It holds the password: never log it.
        public var url: String {
            guard let socketDirectory else { return tcpURL }
            return tcpURL + "&host=" + Self.encode(socketDirectory)
        }

        /// `postgres://user:password@127.0.0.1:port/database?sslmode=disable`, percent-encoded: for
        /// tools that cannot reach the socket. It holds the password: never log it.
        public var tcpURL: String {
            let user = Self.encode(self.user)
            let password = Self.encode(self.password)
            let database = Self.encode(self.database)
            return "postgres://\(user):\(password)@\(self.host):\(self.port)/\(database)?sslmode=disable"
        }

        private static func encode(_ component: String) -> String {
            var unreserved = CharacterSet(charactersIn: "-._~")
            unreserved.formUnion(CharacterSet(charactersIn: "a"..."z"))
            unreserved.formUnion(CharacterSet(charactersIn: "A"..."Z"))
            unreserved.formUnion(CharacterSet(charactersIn: "0"..."9"))
            return component.addingPercentEncoding(withAllowedCharacters: unreserved) ?? component
        }
    }

    /// The options this server was created with.
    public let options: Options
    let logger: Logger
    let paths: Paths

    /// Creates a server handle; nothing happens on disk until ``start()``.
    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
        self.paths = Paths(dataDirectory: options.dataDirectory)
    }

    /// Starts the server and returns how to connect.
    ///
    /// Runs `initdb` when the data directory holds no cluster (with a new random password), starts the
    /// server with `pg_ctl start -w`, and creates the database when missing. When the server is already
    /// running it only checks the database. A `postmaster.pid` left by a crash is handled.
    public func start() throws(EmbeddedPostgresError) -> Connection {
        let started = ContinuousClock.now
        let tools = try Tools.locate(in: self.options.binDirectory)
        let account = try ServerAccount.forCurrentProcess()
        try self.prepareDirectories(for: account)
        var logger = self.logger
        logger[metadataKey: "postgres.data_directory"] = "\(self.paths.dataDirectory)"

        if let port = self.runningServerPort() {
            // Another process may have started it a moment ago: wait until it accepts connections.
            let deadline = ContinuousClock.now + .seconds(self.options.timeoutSeconds)
            while case .postgres(_, ready: false, _) = self.lockHolder(), ContinuousClock.now < deadline {
                usleep(20_000)
            }
            let connection = try self.connection(port: port, password: self.readPassword())
            logger[metadataKey: "postgres.port"] = "\(port)"
            logger.info("PostgreSQL is already running")
            try self.createDatabaseIfMissing(connection, tools: tools)
            return connection
        }

        let password: String
        if FileManager.default.fileExists(atPath: self.paths.dataDirectory + "/PG_VERSION") {
            password = try self.readPassword()
        } else {
            password = try self.initializeCluster(tools: tools, account: account, logger: logger)
        }
        self.removeForeignLockFile(logger: logger)

        var port = self.preferredPort()
        do {
            try self.startServer(port: port, tools: tools, account: account)
        } catch {
            guard self.options.port == nil, self.serverLogTail(lines: 5).contains("Address already in use") else {
                throw error
            }
            logger.notice("Port was taken while starting, retrying on another", metadata: ["postgres.port": "\(port)"])
            port = Self.freeLoopbackPort() ?? 0
            try self.startServer(port: port, tools: tools, account: account)
        }
        try? "\(port)\n".write(toFile: self.paths.portFile, atomically: true, encoding: .utf8)

        let connection = self.connection(port: port, password: password)
        try self.createDatabaseIfMissing(connection, tools: tools)
        logger.info(
            "PostgreSQL started",
            metadata: ["postgres.port": "\(port)", "postgres.startup": "\(ContinuousClock.now - started)"]
        )
        return connection
    }

    /// Stops the server with `pg_ctl stop -m fast -w`; does nothing when it is not running.
    public func stop() throws(EmbeddedPostgresError) {
        guard self.runningServerPort() != nil else {
            self.logger.debug(
                "PostgreSQL is not running", metadata: ["postgres.data_directory": "\(self.paths.dataDirectory)"])
            return
        }
        let tools = try Tools.locate(in: self.options.binDirectory)
        let account = try ServerAccount.forCurrentProcess()
        let result = Command.run(
            tools.pgCtl,
            ["stop", "-D", self.paths.dataDirectory, "-m", "fast", "-w", "-t", "\(self.options.timeoutSeconds)"],
            as: account
        )
        guard result.succeeded else {
            throw EmbeddedPostgresError(
                code: .stopFailed,
                message: "pg_ctl stop failed for \(self.paths.dataDirectory).",
                details: result.output + self.serverLogTail()
            )
        }
        self.logger.info("PostgreSQL stopped", metadata: ["postgres.data_directory": "\(self.paths.dataDirectory)"])
    }

    /// Stops the server if it runs and deletes the data directory with its password, port and log
    /// files, then the folder that held them if nothing else is left in it.
    public func destroy() {
        do {
            try self.stop()
        } catch {
            self.logger.warning("Could not stop PostgreSQL before deleting it", metadata: ["error": "\(error)"])
        }
        for path in [self.paths.dataDirectory, self.paths.passwordFile, self.paths.portFile, self.paths.logFile]
        where FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                self.logger.warning("Could not delete \(path)", metadata: ["error": "\(error)"])
            }
        }
        // rmdir refuses a folder that is not empty, so only a folder this server alone used goes.
        _ = rmdir(URL(fileURLWithPath: self.paths.dataDirectory).deletingLastPathComponent().path)
    }

    // MARK: - Steps

    /// The server's connection; with the socket directory only when the running server says it
    /// listens there (line 5 of `postmaster.pid`) and the socket is there: a server started by an
    /// older version of this code has none, and a socket left by a killed server may be stale.
    private func connection(port: Int, password: String) -> Connection {
        var socketDirectory: String?
        if let directory = self.plannedSocketDirectory,
            case .postgres(_, _, socketDirectory: directory) = self.lockHolder(),
            FileManager.default.fileExists(atPath: directory + "/.s.PGSQL.\(port)")
        {
            socketDirectory = directory
        }
        return Connection(
            host: "127.0.0.1",
            port: port,
            user: self.options.user,
            password: password,
            database: self.options.database,
            socketDirectory: socketDirectory
        )
    }

    /// Where the server puts its unix socket: the data directory, unless its path is too long for a
    /// socket's address (`sun_path`, with `/.s.PGSQL.<port>` and the terminating zero: 107 bytes of
    /// path on Linux, 103 on macOS) or holds a comma, a double quote or surrounding spaces (the
    /// server and libpq read the setting as a list); then the server has TCP only.
    var plannedSocketDirectory: String? {
        let directory = self.paths.dataDirectory
        let longest = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
        guard directory.utf8.count + "/.s.PGSQL.65535".utf8.count <= longest,
            !directory.contains(where: { $0 == "," || $0 == "\"" }),
            directory.trimmingCharacters(in: .whitespaces) == directory
        else { return nil }
        return directory
    }

    /// Creates the parent folder and, as root, makes sure the server user can reach the data directory.
    private func prepareDirectories(for account: ServerAccount?) throws(EmbeddedPostgresError) {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(
                atPath: self.paths.parentDirectory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755]
            )
        } catch {
            throw EmbeddedPostgresError(
                code: .dataDirectoryNotAccessible,
                message: "Could not create \(self.paths.parentDirectory): \(error.localizedDescription)"
            )
        }
        guard let account else { return }
        var folder = self.paths.parentDirectory
        while true {
            if !account.canSearch(folder) {
                // Only the folder that holds our files is ours to open up; searching it reveals no secret
                // because the password file stays 0600.
                if folder == self.paths.parentDirectory, let mode = Self.mode(of: folder) {
                    chmod(folder, mode | 0o011)
                    self.logger.notice("Made \(folder) searchable for the \(account.name) user")
                } else {
                    throw EmbeddedPostgresError(
                        code: .dataDirectoryNotAccessible,
                        message: "The \(account.name) user that runs PostgreSQL cannot enter \(folder); "
                            + "choose a data directory outside it, or make it searchable (chmod o+x)."
                    )
                }
            }
            if folder == "/" { break }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// Runs `initdb` into an empty data directory and returns the new superuser's password.
    private func initializeCluster(
        tools: Tools,
        account: ServerAccount?,
        logger: Logger
    ) throws(EmbeddedPostgresError) -> String {
        let fileManager = FileManager.default
        let dataDirectory = self.paths.dataDirectory
        let password = Self.randomPassword()
        let passwordForInitdb = self.paths.dataDirectory + ".initdb-password"
        defer { try? fileManager.removeItem(atPath: passwordForInitdb) }
        do {
            try fileManager.createDirectory(
                atPath: dataDirectory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            try Self.writeSecret(password, to: self.paths.passwordFile)
            try Self.writeSecret(password, to: passwordForInitdb)
        } catch {
            throw EmbeddedPostgresError(
                code: .initdbFailed,
                message: "Could not prepare \(dataDirectory): \(error.localizedDescription)"
            )
        }
        account?.takeOwnership(of: dataDirectory)
        account?.takeOwnership(of: passwordForInitdb)

        logger.info("Creating a PostgreSQL cluster")
        var arguments = [
            "-D", dataDirectory, "-U", self.options.user, "--pwfile=\(passwordForInitdb)",
            "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale",
        ]
        if !self.options.fsync { arguments.append("--no-sync") }
        let result = Command.run(tools.initdb, arguments, as: account)
        guard result.succeeded else {
            try? fileManager.removeItem(atPath: self.paths.passwordFile)
            throw EmbeddedPostgresError(
                code: .initdbFailed,
                message: "initdb failed for \(dataDirectory); is it empty and writable?",
                details: result.output
            )
        }
        let settings = """

            # Added by Emporium's EmbeddedPostgres: loopback TCP; the unix socket (in the data
            # directory, mode 0700) is set on the command line when the server is started.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''

            """
        do {
            let configuration = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
            defer { try? configuration.close() }
            try configuration.seekToEnd()
            try configuration.write(contentsOf: Data(settings.utf8))
        } catch {
            throw EmbeddedPostgresError(
                code: .initdbFailed,
                message: "Could not write \(dataDirectory)/postgresql.conf: \(error.localizedDescription)"
            )
        }
        return password
    }

    /// Runs `postgres` as a detached child and waits until `postmaster.pid` says it is ready, as `pg_ctl
    /// start -w` does. Not through pg_ctl: Foundation's `Process` on Linux learns that a child exited when a
    /// socket inherited by the child closes, and the server pg_ctl leaves behind would hold it open forever.
    private func startServer(port: Int, tools: Tools, account: ServerAccount?) throws(EmbeddedPostgresError) {
        var arguments = ["-D", self.paths.dataDirectory, "-p", "\(port)"]
        if let socketDirectory = self.plannedSocketDirectory {
            arguments += ["-k", socketDirectory, "-c", "unix_socket_permissions=0700"]
        }
        if !self.options.fsync {
            arguments += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        }
        if let maxConnections = self.options.maxConnections {
            arguments += ["-c", "max_connections=\(maxConnections)"]
        }
        let logFile = self.paths.logFile
        if !FileManager.default.fileExists(atPath: logFile) {
            _ = FileManager.default.createFile(atPath: logFile, contents: nil, attributes: [.posixPermissions: 0o640])
        }
        account?.takeOwnership(of: logFile)
        let process: Process
        do {
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
            defer { try? log.close() }
            try log.seekToEnd()
            process = try Command.launch(tools.postgres, arguments, as: account, output: log)
        } catch {
            throw EmbeddedPostgresError(
                code: .startFailed,
                message: "Could not run \(tools.postgres): \(error.localizedDescription)"
            )
        }

        let deadline = ContinuousClock.now + .seconds(self.options.timeoutSeconds)
        while ContinuousClock.now < deadline {
            if case .postgres(_, ready: true, _) = self.lockHolder() { return }
            guard process.isRunning else {
                throw EmbeddedPostgresError(
                    code: .startFailed,
                    message: "PostgreSQL exited while starting on 127.0.0.1:\(port); its log is \(logFile).",
                    details: self.serverLogTail()
                )
            }
            usleep(20_000)
        }
        process.terminate()
        throw EmbeddedPostgresError(
            code: .startFailed,
            message: "PostgreSQL was not ready after \(self.options.timeoutSeconds) s; its log is \(logFile).",
            details: self.serverLogTail()
        )
    }

    private func createDatabaseIfMissing(_ connection: Connection, tools: Tools) throws(EmbeddedPostgresError) {
        guard connection.database != "postgres" else { return }
        let literal = connection.database.replacingOccurrences(of: "'", with: "''")
        let exists = self.psql("SELECT 1 FROM pg_database WHERE datname = '\(literal)'", connection, tools)
        guard exists.succeeded else {
            throw EmbeddedPostgresError(
                code: .createDatabaseFailed,
                message: "Could not query the server on 127.0.0.1:\(connection.port).",
                details: exists.output
            )
        }
        guard exists.output.trimmingCharacters(in: .whitespacesAndNewlines) != "1" else { return }
        let identifier = connection.database.replacingOccurrences(of: "\"", with: "\"\"")
        let created = self.psql("CREATE DATABASE \"\(identifier)\"", connection, tools)
        guard created.succeeded else {
            throw EmbeddedPostgresError(
                code: .createDatabaseFailed,
                message: "Could not create the database \(connection.database).",
                details: created.output
            )
        }
        self.logger.info("Created the database", metadata: ["postgres.database": "\(connection.database)"])
    }

    private func psql(_ sql: String, _ connection: Connection, _ tools: Tools) -> Command.Result {
        Command.run(
            tools.psql,
            [
                "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", connection.host, "-p", "\(connection.port)",
                "-U", connection.user, "-d", "postgres", "-c", sql,
            ],
            as: nil,
            environment: ["PGPASSWORD": connection.password, "PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"]
        )
    }
}
