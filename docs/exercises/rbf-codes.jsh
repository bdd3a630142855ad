// Exercise 12 (docs/exercises.md): how far apart the RBF layer's codes are, and which way the 1998 loss pushes.
// Run from the repository's root: jshell --class-path cli/target/lenet5j-cli.jar docs/exercises/rbf-codes.jsh
import io.github.lenet5j.loss.*;
import io.github.lenet5j.nn.*;
import io.github.lenet5j.tensor.*;
import java.util.Arrays;

var codes = RbfBitmaps.forClasses(10);                              // [10, 84], +1 ink, -1 background
var rbf = new EuclideanRbf("rbf", codes);
var three = new Tensor(Arrays.copyOfRange(codes.data(), 3 * 84, 4 * 84), 1, 84);   // F6 output = the code of 3
System.out.println("distances from code 3: " + Arrays.toString(rbf.forward(three).data()));

var loss = new RbfMapLoss();                                        // j = 0.1
var distances = new Tensor(new float[] {0.5f, 1f, 50f}, 1, 3);       // target 0, class 1 close, class 2 far
System.out.printf("loss %.4f%n", loss.forward(distances, new int[] {0}));
System.out.println("dE/dy: " + Arrays.toString(loss.backward().data()));
/exit
