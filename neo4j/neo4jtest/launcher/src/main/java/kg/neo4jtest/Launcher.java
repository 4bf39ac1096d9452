package kg.neo4jtest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Runs a Neo4j Community server in this process for the Go tests, with the Bolt connector on
 * 127.0.0.1 and authentication on.
 *
 * <p>Arguments: the server's home directory, the Bolt port (0 picks a free one), the password of
 * the user neo4j and, optionally, the page cache in MiB (default 256). Once the server serves, it prints {@code READY bolt://127.0.0.1:PORT} on standard
 * output. It then reads commands from standard input, one a line, and answers each with a line
 * {@code OK ...} or {@code ERROR ...}:
 *
 * <ul>
 *   <li>{@code stop}: shuts the DBMS down, as a crashed or stopped server; Bolt refuses connections.
 *   <li>{@code start}: starts it again on the same port and directory, with the same data.
 * </ul>
 *
 * <p>When standard input closes (the test process ended, normally or not) the server shuts down and
 * the process exits, so no server outlives its tests.
 */
public final class Launcher {
    private final Path home;
    private final String password;
    private final long pageCacheMiB;
    private int port;
    private DatabaseManagementService dbms;

    private Launcher(Path home, int port, String password, long pageCacheMiB) {
        this.home = home;
        this.port = port;
        this.password = password;
        this.pageCacheMiB = pageCacheMiB;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: Launcher HOME PORT PASSWORD [PAGE_CACHE_MIB]");
            System.exit(2);
        }
        long pageCache = args.length == 4 ? Long.parseLong(args[3]) : 256;
        Launcher l = new Launcher(Path.of(args[0]), Integer.parseInt(args[1]), args[2], pageCache);
        l.start();
        l.setPassword();
        System.out.println("READY bolt://127.0.0.1:" + l.port);
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            try {
                switch (line.trim()) {
                    case "stop" -> {
                        l.stop();
                        System.out.println("OK stopped");
                    }
                    case "start" -> {
                        l.start();
                        System.out.println("OK started bolt://127.0.0.1:" + l.port);
                    }
                    default -> System.out.println("ERROR unknown command " + line);
                }
            } catch (Exception e) {
                System.out.println("ERROR " + e.toString().replace('\n', ' '));
            }
            System.out.flush();
        }
        l.stop();
        System.exit(0);
    }

    private void start() {
        if (dbms != null) {
            return;
        }
        dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(Map.of(
                        BoltConnector.enabled, true,
                        BoltConnector.listen_address, new SocketAddress("127.0.0.1", port),
                        BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED,
                        GraphDatabaseSettings.auth_enabled, true,
                        GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB),
                        GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60)))
                .build();
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        ConnectorPortRegister ports = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        port = ports.getLocalAddress(ConnectorType.BOLT).getPort();
    }

    private void setPassword() {
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    }

    private void stop() {
        if (dbms == null) {
            return;
        }
        dbms.shutdown();
        dbms = null;
    }
}
