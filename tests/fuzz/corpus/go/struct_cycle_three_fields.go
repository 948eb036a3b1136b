package main

import "github.com/caarlos0/env/v11"

type A struct {
	X *A
	Y *A
	Z *A
	Port int `env:"PORT"`
}

func main() {
	var c A
	env.Parse(&c)
}
