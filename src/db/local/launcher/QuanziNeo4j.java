import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs a Neo4j Community DBMS in this JVM with Bolt on 127.0.0.1 only, for Quanzi's
 * development and test runs (src/db/local/local-neo4j.ts starts it).
 *
 * Arguments: HOME PORT PASSWORD_FILE PAGECACHE_MB TX_TIMEOUT_MS CONF_FILE [--watch-stdin]
 *
 * With --watch-stdin the DBMS shuts down when standard input closes, so a database
 * started for a process never outlives it, even when that process is killed.
 */
public final class QuanziNeo4j {
  public static void main(String[] args) throws Exception {
    if (args.length < 6) {
      System.err.println("usage: QuanziNeo4j HOME PORT PASSWORD_FILE PAGECACHE_MB TX_TIMEOUT_MS CONF_FILE [--watch-stdin]");
      System.exit(2);
    }
    Path home = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).trim();
    long pageCacheMb = Long.parseLong(args[3]);
    long txTimeoutMs = Long.parseLong(args[4]);
    boolean watchStdin = args.length > 6 && args[6].equals("--watch-stdin");

    DatabaseManagementService dbms;
    try {
      dbms = new DatabaseManagementServiceBuilder(home)
          .loadPropertiesFromFile(Path.of(args[5]))
          .setConfig(BoltConnector.enabled, true)
          .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
          .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
          .setConfig(GraphDatabaseSettings.auth_enabled, true)
          .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
          .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMillis(txTimeoutMs))
          .build();
    } catch (RuntimeException e) {
      // E.g. the port was taken after the owner checked it: the owner reads the cause from
      // the log and starts again on another port. Neo4j's threads must not keep us alive.
      e.printStackTrace();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

    try {
      setPassword(dbms, password);
    } catch (RuntimeException e) {
      e.printStackTrace();
      // Neo4j's own threads would keep the JVM alive; the owner must see that start-up failed.
      dbms.shutdown();
      System.exit(1);
    }

    System.out.println("QUANZI_NEO4J_READY port=" + port);
    System.out.flush();

    if (watchStdin) {
      InputStream in = System.in;
      byte[] buffer = new byte[256];
      while (in.read(buffer) >= 0) {
        // Nothing is ever sent; we only wait for the owner to go away.
      }
      System.exit(0);
    }
    Thread.currentThread().join();
  }

  /**
   * The embedded API is not subject to auth, so it can set the password the driver will use.
   * Given its own generous timeout: the first query of a cold JVM on a busy machine can take
   * longer than the transaction timeout meant for the application's queries.
   */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      dbms.database("system").executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password), result -> null, Duration.ofMinutes(2));
    } catch (QueryExecutionException e) {
      // Set on an earlier start: Neo4j refuses to "change" a password to itself.
      if (!e.getMessage().contains("cannot be the same")) throw e;
    }
  }
}
