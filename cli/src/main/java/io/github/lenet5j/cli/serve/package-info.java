/**
 * {@code lenet5j serve}: an HTTP prediction endpoint and a drawing page on the JDK's
 * {@code com.sun.net.httpserver}, with no framework. {@link io.github.lenet5j.cli.serve.PredictionServer}
 * routes the requests; requests are read on a few I/O threads and classified on a bounded pool of workers
 * whose full queue answers 503 at once.
 */
package io.github.lenet5j.cli.serve;
