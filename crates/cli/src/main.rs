fn main() {
    let args: Vec<String> = std::env::args().collect();
    let code = podlife_cli::main_with(
        &args,
        &mut std::io::stdin(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}
