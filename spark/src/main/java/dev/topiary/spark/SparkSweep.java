package dev.topiary.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.BadInputException;
import dev.topiary.core.PlainMessage;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.compare.UnfinishedBranch;
import dev.topiary.pipeline.run.BaselineCache;
import dev.topiary.pipeline.run.BranchRunner;
import dev.topiary.pipeline.run.SharedBaseline;
import dev.topiary.pipeline.sweep.CompiledSweep;
import dev.topiary.pipeline.sweep.SweepChoice;
import dev.topiary.pipeline.sweep.SweepCompiler;
import dev.topiary.pipeline.sweep.SweepSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Runs a recipe's sweep on Spark: the driver compiles the recipe (every expanded branch checked
 * before any work), builds or takes from the baseline cache the baseline and declared models once,
 * copies their cache entries into a folder it ships to the executors with
 * {@code SparkContext.addFile}, and runs one task per branch ({@link BranchTaskFunction}); each
 * task returns its branch's report as JSON, and the driver writes the comparison
 * ({@code comparison.json}, {@code comparison.md}, as {@code topiary compare} does) and
 * {@code sweep.json}/{@code sweep.md} (the objective's pick, failed and skipped branches, retried
 * tasks).
 *
 * <p>Branch folders are written by the tasks where the executors run: on a cluster, give
 * {@code --out} a folder every executor and the driver share, and data files on shared storage.
 */
public final class SparkSweep {

  private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final CommandEnvironment environment;
  private final PrintWriter console;
  private final Set<String> failFirstAttempt;

  /** A sweep runner printing its progress to {@code console}. */
  public SparkSweep(CommandEnvironment environment, PrintWriter console) {
    this(environment, console, Set.of());
  }

  /** For tests: the first attempt of each task of {@code failFirstAttempt} throws, as if its executor died. */
  SparkSweep(CommandEnvironment environment, PrintWriter console, Set<String> failFirstAttempt) {
    this.environment = environment;
    this.console = console;
    this.failFirstAttempt = Set.copyOf(failFirstAttempt);
  }

  /**
   * The embedded master's thread count: one task per core, each with {@code OMP_NUM_THREADS}
   * ND4J threads (1 unless set), never more tasks than branches.
   */
  public static int defaultLocalThreads(int branches) {
    int cores = Runtime.getRuntime().availableProcessors();
    int perTask = 1;
    try {
      String omp = System.getenv("OMP_NUM_THREADS");
      perTask = omp == null ? 1 : Math.max(1, Integer.parseInt(omp.trim()));
    } catch (NumberFormatException e) {
      perTask = 1;
    }
    return Math.max(1, Math.min(branches, cores / perTask));
  }

  /**
   * Compiles and runs the sweep of {@code recipeFile}.
   *
   * @param seedOverride replaces the recipe's seed unless null
   * @throws BadInputException if the recipe, its data or the master is unusable
   * @throws IOException if the output cannot be written
   */
  public SweepOutcome run(Path recipeFile, Long seedOverride, SweepOptions options)
      throws BadInputException, IOException {
    TopiaryJson json = environment.json();
    String text;
    try {
      text = Files.readString(recipeFile, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new BadInputException(recipeFile + ": no such file");
    }
    Path baseDirectory = recipeFile.toAbsolutePath().getParent();
    CompiledSweep sweep = new SweepCompiler(environment.stageRegistry(), json)
        .compile(text, recipeFile.toString(), baseDirectory, seedOverride, options.allowLarge());
    CompiledRecipe compiled = sweep.compiled();
    environment.preflight().check(recipeFile, compiled);
    Path target = options.output() != null ? options.output()
        : Path.of("runs", compiled.recipe().name() + "-sweep-" + FOLDER_TIME.format(LocalDateTime.now()));
    if (Files.exists(target) && !options.force()) {
      throw new BadInputException("the output folder " + target + " exists; give --force to replace it or --out "
          + "another folder");
    }
    long started = System.currentTimeMillis();
    long deadline = sweep.spec().maxWallSeconds() == null ? Long.MAX_VALUE
        : started + 1000L * sweep.spec().maxWallSeconds();

    Path cacheFolder = options.noCache() ? Files.createTempDirectory("topiary-sweep-cache-")
        : options.cacheDir() != null ? options.cacheDir() : BaselineCache.defaultFolder();
    BaselineCache cache = new BaselineCache(cacheFolder, json, console);
    BaselineCache.Builder builder = cache.builder(environment.baselines());
    BranchRunner runner = new BranchRunner(json, builder, environment.measurer(), environment.progress(), console);
    Path shipped = Files.createTempDirectory("topiary-sweep-baseline-");
    ComparisonReport comparison = null;
    Map<String, String> failed = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    int retried = 0;
    String master;
    SparkConf conf = new SparkConf().setAppName("topiary sweep " + compiled.recipe().name());
    master = options.master() != null ? options.master()
        : conf.contains("spark.master") ? conf.get("spark.master")
        : "local[" + defaultLocalThreads(sweep.size()) + ",2]";
    conf.setMaster(master);
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
    String revision = System.getProperty("topiary.sourceRevision", "").strip();
    if (!revision.isEmpty() && !master.startsWith("local")) {
      // the revision is part of the baseline cache key: executors must compute the driver's key
      conf.setIfMissing("spark.executor.extraJavaOptions", "-Dtopiary.sourceRevision=\"" + revision + "\"");
    }
    if (options.executors() != null) {
      conf.set("spark.executor.instances", String.valueOf(options.executors()));
    }
    // Spark first: a bad or unreachable master is reported before the baseline trains; a
    // spark:// master is probed first, since Spark itself retries an unreachable one for minutes
    MasterProbe.check(master);
    try (JavaSparkContext spark = start(conf, master); SharedBaseline shared = runner.prepare(compiled)) {
      prepareFolder(target, options.force());
      console.println("sweep " + compiled.recipe().name() + ": " + sweep.size() + " branches ("
          + sweep.spec().mode().key() + ") on " + master + ", baseline accuracy " + String.format(Locale.ROOT, "%.4f",
          shared.baselineMetrics().accuracy()) + (shared.reused() ? " (from the baseline cache)" : ""));
      for (BaselineCache.Event event : builder.events()) {
        copyEntry(cacheFolder.resolve("baselines").resolve(event.key()), shipped.resolve("baselines")
            .resolve(event.key()));
      }
      // resume: a branch whose resolved recipe and baseline ran before (same cache) is not run again
      Path store = cacheFolder.resolve("sweep-results");
      String baselineKeys = String.join(",", builder.events().stream().map(BaselineCache.Event::key).toList());
      Map<String, String> hashes = new LinkedHashMap<>();
      Map<String, String> byBranch = new LinkedHashMap<>();
      List<BranchTask> tasks = new ArrayList<>();
      int resumed = 0;
      for (String branch : compiled.branches().keySet()) {
        String hash = sha256(new RecipeWriter(json).toYaml(compiled.branch(branch).recipe()) + "\n" + baselineKeys);
        hashes.put(branch, hash);
        Path stored = store.resolve(hash);
        if (Files.isRegularFile(stored.resolve("result.json"))) {
          copyTree(stored.resolve("branch"), target.resolve("branches").resolve(branch));
          ObjectNode earlier = (ObjectNode) json.json().readTree(stored.resolve("result.json").toFile());
          earlier.put("attempt", 0);
          earlier.put("message", "resumed: finished by an earlier sweep with the same cache");
          byBranch.put(branch, json.json().writeValueAsString(earlier));
          resumed++;
          continue;
        }
        byBranch.put(branch, null);
        tasks.add(new BranchTask(text, recipeFile.getFileName().toString(), baseDirectory.toString(), seedOverride,
            branch, target.resolve("branches").resolve(branch).toAbsolutePath().toString(),
            shipped.getFileName().toString(), deadline, options.allowLarge(), failFirstAttempt.contains(branch)));
      }
      if (resumed > 0) {
        console.println("sweep: " + resumed + " branches finished before (resumed from " + store + "), "
            + tasks.size() + " to run");
      }
      if (!tasks.isEmpty()) {
        spark.sc().addSparkListener(new Progress(tasks.size(), console));
        spark.addFile(shipped.toUri().toString(), true);
        List<String> ran = spark.parallelize(tasks, tasks.size()).map(new BranchTaskFunction()).collect();
        for (String line : ran) {
          JsonNode result = json.json().readTree(line);
          String branch = result.get("branch").asText();
          byBranch.put(branch, line);
          if (result.get("status").asText().equals("done")) {
            storeResult(store, hashes.get(branch), target.resolve("branches").resolve(branch), line);
          }
        }
      }
      List<String> lines = new ArrayList<>(byBranch.values());
      List<BranchReport> reports = new ArrayList<>();
      List<UnfinishedBranch> unfinished = new ArrayList<>();
      List<SweepSummary.Row> rows = new ArrayList<>();
      for (String line : lines) {
        JsonNode result = json.json().readTree(line);
        String branch = result.get("branch").asText();
        String status = result.get("status").asText();
        retried += result.get("attempt").asInt() > 0 ? 1 : 0;
        int attempt = result.get("attempt").asInt();
        String message = result.has("message") ? result.get("message").asText() : null;
        rows.add(new SweepSummary.Row(branch, status, attempt, message));
        switch (status) {
          case "done" -> reports.add(new BranchReport(branch, "branches/" + branch,
              ReportTree.read(result.get("report"), compiled.branch(branch).recipe(), json.json())));
          case "failed" -> {
            failed.put(branch, message);
            unfinished.add(new UnfinishedBranch(branch, "failed", message));
          }
          default -> {
            skipped.add(branch);
            unfinished.add(new UnfinishedBranch(branch, "skipped", message));
          }
        }
      }
      SweepChoice choice = null;
      if (!reports.isEmpty()) {
        comparison = new ComparisonReport(compiled.recipe().name(), shared.baselineMetrics(), shared.reused(),
            reports, null, unfinished);
        runner.writeComparison(comparison, target);
        choice = SweepChoice.of(comparison, sweep.spec());
      }
      SweepSummary.write(target, sweep, rows, choice, retried, master, System.currentTimeMillis() - started, json);
      SweepOutcome outcome = new SweepOutcome(target, comparison, choice, failed, skipped, retried, master);
      console.println("sweep: " + reports.size() + " done, " + failed.size() + " failed, " + skipped.size()
          + " skipped, " + retried + " tasks retried; " + (choice == null ? "no pick"
          : "pick " + (choice.pick() == null ? "none" : choice.pick()) + " (" + choice.reason() + ")"));
      console.println("comparison: " + target.resolve("comparison.md"));
      console.flush();
      return outcome;
    } finally {
      deleteRecursively(shipped);
      if (options.noCache()) {
        deleteRecursively(cacheFolder);
      }
    }
  }

  /**
   * How long a {@code spark://} master may take to register the application (seconds; the Spark
   * property {@value #REGISTRATION_PROPERTY} overrides it): Spark's own client would retry for
   * much longer against a port that accepts connections but is no Spark master.
   */
  static final int REGISTRATION_SECONDS = 15;

  /** The property overriding {@link #REGISTRATION_SECONDS}. */
  static final String REGISTRATION_PROPERTY = "spark.topiary.registrationTimeoutSeconds";

  private static JavaSparkContext start(SparkConf conf, String master) throws BadInputException {
    if (!master.toLowerCase(Locale.ROOT).startsWith("spark://")) {
      return create(conf, master);
    }
    int seconds = conf.getInt(REGISTRATION_PROPERTY, REGISTRATION_SECONDS);
    java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "topiary-spark-start");
      thread.setDaemon(true);
      return thread;
    });
    java.util.concurrent.Future<JavaSparkContext> started = starter.submit(() -> create(conf, master));
    try {
      return started.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // interrupting the constructor's wait for registration makes Spark stop what it started
      started.cancel(true);
      throw new BadInputException("the Spark master " + master + " accepts connections but did not register this "
          + "application within " + seconds + " s; is it a Spark master's port (7077 by default, not the web UI's "
          + "8080)? Check the URL, or give --master local[N] to run embedded");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof BadInputException bad) {
        throw bad;
      }
      throw new BadInputException("cannot start Spark with master '" + master + "': " + PlainMessage.of(e.getCause())
          + "; give --master local[N], spark://HOST:PORT (reachable) or yarn", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.cancel(true);
      throw new BadInputException("interrupted while Spark started with master '" + master + "'", e);
    } finally {
      starter.shutdown();
      try {
        starter.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static JavaSparkContext create(SparkConf conf, String master) throws BadInputException {
    JavaSparkContext context;
    try {
      context = new JavaSparkContext(conf);
    } catch (Exception e) { // SparkException is checked in Scala's eyes only
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new BadInputException("cannot start Spark with master '" + master + "': " + PlainMessage.of(e)
          + "; give --master local[N], spark://HOST:PORT (reachable) or yarn", e);
    }
    if (context.sc().isStopped()) {
      // the standalone client gave up on every master and stopped the context
      throw new BadInputException("Spark stopped while registering with the master " + master + ": no master "
          + "answered; check the URL, or give --master local[N] to run embedded");
    }
    return context;
  }

  private static void prepareFolder(Path target, boolean force) throws BadInputException, IOException {
    if (Files.exists(target)) {
      if (!force) {
        throw new BadInputException("the output folder " + target + " exists; give --force to replace it or "
            + "--out another folder");
      }
      deleteRecursively(target);
    }
    Files.createDirectories(target.resolve("branches"));
  }

  /** Stores a finished branch (its folder and result line) under {@code store/<hash>}, in one rename. */
  private static void storeResult(Path store, String hash, Path folder, String line) throws IOException {
    Path finished = store.resolve(hash);
    if (Files.exists(finished)) {
      return;
    }
    Path temporary = Files.createDirectories(store).resolve(".tmp-" + hash + "-" + java.util.UUID.randomUUID());
    try {
      copyTree(folder, temporary.resolve("branch"));
      Files.writeString(temporary.resolve("result.json"), line, StandardCharsets.UTF_8);
      Files.move(temporary, finished, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      // another sweep stored the same branch first
    } finally {
      deleteRecursively(temporary);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.toList()) {
        Path copy = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  private static void copyEntry(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** A progress line on the driver each time a task starts or ends: done / running / failed, ETA. */
  private static final class Progress extends SparkListener {
    private final int total;
    private final PrintWriter console;
    private final long started = System.nanoTime();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    Progress(int total, PrintWriter console) {
      this.total = total;
      this.console = console;
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
      running.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      running.decrementAndGet();
      boolean ok = taskEnd.taskInfo().successful();
      int finished = ok ? done.incrementAndGet() : done.get();
      int lost = ok ? failed.get() : failed.incrementAndGet();
      double seconds = (System.nanoTime() - started) / 1e9;
      String eta = finished == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", seconds / finished * (total - finished));
      synchronized (console) {
        console.printf(Locale.ROOT, "sweep: %d/%d done, %d running, %d task attempts failed, ETA %s%n", finished, total,
            Math.max(0, running.get()), lost, eta);
        console.flush();
      }
    }
  }
}
