variable "name" {
  type        = string
  description = "Prefix of every resource name."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer and its target groups."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets (one per zone) the ALB listens in."
}

variable "tasks_security_group_id" {
  type        = string
  description = "Security group of the application tasks; the ALB may reach the site and gateway ports in it."
}

variable "base_domain" {
  type        = string
  description = "BASE_DOMAIN: tenant sites are <slug>.<base_domain>, the bare domain is the operator console."
}

variable "route53_zone_id" {
  type        = string
  description = "Route 53 hosted zone of base_domain (created beforehand; its NS records delegated)."
}

variable "gateway_host" {
  type        = string
  description = "Host name of the real-time gateway, e.g. live.example.org (must not be a tenant slug)."
}

variable "tenant_custom_domains" {
  type        = list(string)
  description = "Tenants' own host names served by the site; each gets an ACM certificate whose validation record the tenant publishes."
}

variable "tenant_custom_domains_ready" {
  type        = list(string)
  description = "The custom domains whose certificate ACM has issued: the ALB serves and routes only these."

  validation {
    condition     = alltrue([for domain in var.tenant_custom_domains_ready : contains(var.tenant_custom_domains, domain)])
    error_message = "Every name in tenant_custom_domains_ready must also be in tenant_custom_domains."
  }
}

variable "site_port" {
  type        = number
  description = "Port the site's container listens on (WEB_PORT)."
}

variable "gateway_port" {
  type        = number
  description = "Port the gateway's container listens on (REALTIME_PORT)."
}

variable "idle_timeout_seconds" {
  type        = number
  description = "ALB idle timeout; above Socket.io's 25 s ping interval so quiet WebSockets stay open."
}

variable "tags" {
  type        = map(string)
  description = "Common tags every resource carries (also set as the provider's default_tags)."
}

variable "search_lane" {
  type        = bool
  description = "Send the site's searches (search procedures, search pages and feed queries with text) to a target group of their own (the site cells' output, as cell \"search\"), which the compute module's search lane service registers in."
  default     = false
}

variable "site_cells" {
  type        = map(list(string))
  description = "Site cells by name: the host names (a community's <slug>.<base_domain> and its ready custom domains) the ALB sends to that cell's own site service instead of the shared one, so one community's work never shares a site process with the others'."
  default     = {}

  validation {
    condition     = alltrue([for cell in keys(var.site_cells) : can(regex("^[a-z0-9]{1,7}$", cell))])
    error_message = "site_cells are named with 1-7 lowercase letters or digits (target group names are at most 32 characters)."
  }

  validation {
    condition     = !contains(keys(var.site_cells), "search")
    error_message = "The site cell name \"search\" is the search lane's (search_lane)."
  }

  validation {
    condition     = alltrue([for hosts in values(var.site_cells) : length(hosts) > 0])
    error_message = "Every site cell needs at least one host name."
  }

  validation {
    condition = alltrue(flatten([
      for hosts in values(var.site_cells) : [
        for host in hosts : endswith(host, ".${var.base_domain}") || contains(var.tenant_custom_domains_ready, host)
      ]
    ]))
    error_message = "A site cell's hosts must be <slug>.<base_domain> names or custom domains in tenant_custom_domains_ready (the ALB has no certificate for any other)."
  }

  validation {
    condition     = length(flatten(values(var.site_cells))) == length(distinct(flatten(values(var.site_cells))))
    error_message = "A host name can be in one site cell only."
  }

  validation {
    condition     = sum(concat([0], [for hosts in values(var.site_cells) : ceil(length(hosts) / 5)])) <= 30
    error_message = "At most 30 listener rules for site cells (five host names a rule): priorities 20-49 sit between the gateway's and the shared site's."
  }
}
