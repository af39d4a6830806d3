package kr.or.nkhr.testsearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Starts one Elasticsearch node on 127.0.0.1 for tests and benchmarks.
 * Usage: Main HOME_DIR HTTP_PORT. Runs until killed.
 *
 * Cluster mode (the production rehearsal, scripts/rehearse): Main HOME_DIR HTTP_PORT
 * NODE_NAME SEED_TRANSPORT_PORTS MASTER_NODE_NAME. Every node lists the transport
 * ports of all (comma-separated) to find the others; the node named MASTER_NODE_NAME
 * bootstraps the cluster and is its only master-eligible node, the others hold data.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        String httpPort = args[1];
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Settings.Builder builder = Settings.builder();
        if (args.length >= 5) {
            List<String> seeds = java.util.Arrays.stream(args[3].split(","))
                .map(port -> "127.0.0.1:" + port.trim()).toList();
            builder.put("cluster.name", "nkhr-rehearsal")
                .put("node.name", args[2])
                .putList("discovery.seed_hosts", seeds)
                .putList("cluster.initial_master_nodes", List.of(args[4]))
                .putList("node.roles", args[2].equals(args[4])
                    ? List.of("master", "data", "ingest") : List.of("data", "ingest"));
        } else {
            builder.put("cluster.name", "nkhr-test")
                .put("node.name", "nkhr-test-node")
                .put("discovery.type", "single-node");
        }
        Settings settings = builder
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", Integer.toString(Integer.parseInt(httpPort) + 100))
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        // Console logging at WARN, no log4j2.properties needed.
        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(
            Settings.builder().put(settings).put("logger.level", "WARN").build());
        Node node = new ClasspathNode(
            new Environment(settings, home.resolve("config")), List.of(Netty4Plugin.class, NkhrAnalysisPlugin.class));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        node.start();
        System.out.println("started");
        // Elasticsearch's threads are daemons: keep the JVM alive until it is killed.
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
