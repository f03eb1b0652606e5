// Runs in every test worker before its test file: type-graphql needs the metadata polyfill.
import 'reflect-metadata';
