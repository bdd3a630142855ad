/**
 * The {@code lenet5j} command line ({@code summary}, {@code train}, {@code eval}), built on picocli and
 * shaded into {@code cli/target/lenet5j-cli.jar}; the library itself does not depend on picocli.
 */
package io.github.lenet5j.cli;
