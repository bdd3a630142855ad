// Exercise 4 (docs/exercises.md): the 1998 network's C5 on a 36x36 input, layer by layer, until a layer refuses it.
// Run from the repository's root: jshell --class-path cli/target/lenet5j-cli.jar docs/exercises/c5-larger-input.jsh
import io.github.lenet5j.model.*;
import io.github.lenet5j.tensor.*;
import java.util.Arrays;

var x = new Tensor(1, 1, 36, 36);
try {
    for (var layer : new ClassicLeNet5(10, 0).layers()) {
        x = layer.forward(x);
        System.out.println(layer.name() + " " + Arrays.toString(x.shape()));
    }
} catch (IllegalArgumentException e) {
    System.out.println("refused: " + e.getMessage());
}
/exit
