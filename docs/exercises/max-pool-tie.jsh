// Exercise 6 (docs/exercises.md): where max pooling sends the gradient, with and without a tie.
// Run from the repository's root: jshell --class-path cli/target/lenet5j-cli.jar docs/exercises/max-pool-tie.jsh
import io.github.lenet5j.nn.*;
import io.github.lenet5j.tensor.*;
import java.util.Arrays;

var pool = new MaxPool2d("pool");
for (float[] window : new float[][] {{1, 3, 2, 0}, {1, 1, 1, 1}, {0, 2, 2, 1}}) {
    var y = pool.forward(new Tensor(window.clone(), 1, 1, 2, 2));   // one 2x2 window, read row by row
    var dx = pool.backward(new Tensor(new float[] {1f}, 1, 1, 1, 1));
    System.out.println("window " + Arrays.toString(window) + " -> max " + y.get(0, 0, 0, 0)
            + ", gradient " + Arrays.toString(dx.data()));
}
/exit
